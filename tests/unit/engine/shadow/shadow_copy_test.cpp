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
  const std::string dump = "\n\nCREATE PUBLICATION everything FOR ALL TABLES WITH (publish = 'insert');\n\n\n"
                           "ALTER PUBLICATION app_pub ADD TABLE ONLY public.t;\n";
  CHECK(with_tolerated_statements(dump) ==
        "\n\nDO $pgapply_owner$ BEGIN CREATE PUBLICATION everything FOR ALL TABLES WITH (publish = 'insert'); "
        "EXCEPTION WHEN OTHERS THEN NULL; END $pgapply_owner$;\n\n\n"
        "DO $pgapply_owner$ BEGIN ALTER PUBLICATION app_pub ADD TABLE ONLY public.t; EXCEPTION WHEN OTHERS THEN NULL; "
        "END $pgapply_owner$;\n");
}
