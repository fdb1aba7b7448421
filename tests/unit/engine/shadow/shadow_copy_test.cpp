#include "engine/shadow/shadow_copy.hpp"

#include <doctest/doctest.h>

using pgapply::engine::with_tolerated_statements;

TEST_CASE("a schema dump's ALTER ... OWNER TO statements may fail on the shadow, nothing else changes") {
  const std::string dump =
      "CREATE TABLE public.owned (\n    id integer\n);\n\n\nALTER TABLE public.owned OWNER TO app;\n\n"
      "--\n-- Name: f(); Type: FUNCTION\n--\n\nCREATE FUNCTION public.f() RETURNS void\n    LANGUAGE plpgsql\n"
      "    AS $$\nbegin\nALTER TABLE t OWNER TO x;\nend $$;\n\n\nALTER FUNCTION public.f() OWNER TO app;\n";
  CHECK(with_tolerated_statements(dump) ==
        "CREATE TABLE public.owned (\n    id integer\n);\n\n\n"
        "DO $pgapply_owner$ BEGIN ALTER TABLE public.owned OWNER TO app; EXCEPTION WHEN OTHERS THEN NULL; END "
        "$pgapply_owner$;\n\n"
        "--\n-- Name: f(); Type: FUNCTION\n--\n\nCREATE FUNCTION public.f() RETURNS void\n    LANGUAGE plpgsql\n"
        "    AS $$\nbegin\nALTER TABLE t OWNER TO x;\nend $$;\n\n\n"
        "DO $pgapply_owner$ BEGIN ALTER FUNCTION public.f() OWNER TO app; EXCEPTION WHEN OTHERS THEN NULL; END "
        "$pgapply_owner$;\n");
}

TEST_CASE("a schema dump's publication statements may fail on the shadow (FOR ALL TABLES needs a superuser)") {
  // As pg_dump writes them: a "-- Name: ...; Type: PUBLICATION" header, one blank line, the statement.
  const std::string dump = "--\n-- Name: p1; Type: PUBLICATION; Schema: -; Owner: postgres\n--\n\n"
                           "CREATE PUBLICATION p1 FOR ALL TABLES WITH (publish = 'insert');\n\n\n"
                           "ALTER PUBLICATION p1 OWNER TO postgres;\n\n"
                           "--\n-- Name: p2 t; Type: PUBLICATION TABLE; Schema: public; Owner: postgres\n--\n\n"
                           "ALTER PUBLICATION p2 ADD TABLE ONLY public.t;\n";
  const std::string tolerated =
      "--\n-- Name: p1; Type: PUBLICATION; Schema: -; Owner: postgres\n--\n\n"
      "DO $pgapply_owner$ BEGIN CREATE PUBLICATION p1 FOR ALL TABLES WITH (publish = 'insert'); EXCEPTION WHEN OTHERS "
      "THEN NULL; END $pgapply_owner$;\n\n\n"
      "DO $pgapply_owner$ BEGIN ALTER PUBLICATION p1 OWNER TO postgres; EXCEPTION WHEN OTHERS THEN NULL; END "
      "$pgapply_owner$;\n\n"
      "--\n-- Name: p2 t; Type: PUBLICATION TABLE; Schema: public; Owner: postgres\n--\n\n"
      "DO $pgapply_owner$ BEGIN ALTER PUBLICATION p2 ADD TABLE ONLY public.t; EXCEPTION WHEN OTHERS THEN NULL; END "
      "$pgapply_owner$;\n";
  CHECK(with_tolerated_statements(dump) == tolerated);
  // Not in a function's body, where a line may read the same.
  const std::string body = "CREATE FUNCTION f() RETURNS void AS $$\nbegin\n\nCREATE PUBLICATION x;\nend $$;\n";
  CHECK(with_tolerated_statements(body) == body);
}

TEST_CASE("a schema dump's CREATE EXTENSION gets the target's version where one is given, by pg_dump's name") {
  const std::string dump = "--\n-- Name: citext; Type: EXTENSION; Schema: -; Owner: -\n--\n\n"
                           "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;\n\n\n"
                           "--\n-- Name: Odd; Type: EXTENSION; Schema: -; Owner: -\n--\n\n"
                           "CREATE EXTENSION IF NOT EXISTS \"Odd\" WITH SCHEMA public;\n\n\n"
                           "CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public;\n";
  CHECK(with_tolerated_statements(dump, {{"citext", "1.4"}, {"\"Odd\"", "2.0"}}) ==
        "--\n-- Name: citext; Type: EXTENSION; Schema: -; Owner: -\n--\n\n"
        "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '1.4';\n\n\n"
        "--\n-- Name: Odd; Type: EXTENSION; Schema: -; Owner: -\n--\n\n"
        "CREATE EXTENSION IF NOT EXISTS \"Odd\" WITH SCHEMA public VERSION '2.0';\n\n\n"
        "CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public;\n");
  CHECK(with_tolerated_statements(dump) == dump);
}

TEST_CASE("a schema dump's CREATE EXTENSION runs as the shadow's own superuser where one is named, its version kept") {
  const std::string dump = "--\n-- Name: citext; Type: EXTENSION; Schema: -; Owner: -\n--\n\n"
                           "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;\n\n\n"
                           "CREATE FUNCTION f() RETURNS void AS $$\nbegin\n\nCREATE EXTENSION x;\nend $$;\n";
  CHECK(with_tolerated_statements(dump, {{"citext", "1.4"}}, "shadow boss") ==
        "--\n-- Name: citext; Type: EXTENSION; Schema: -; Owner: -\n--\n\n"
        "SET SESSION AUTHORIZATION \"shadow boss\"; CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public "
        "VERSION '1.4'; RESET SESSION AUTHORIZATION;\n\n\n"
        "CREATE FUNCTION f() RETURNS void AS $$\nbegin\n\nCREATE EXTENSION x;\nend $$;\n");
}
