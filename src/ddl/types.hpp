#pragma once

// Type names as PostgreSQL prints them. normalize_type() turns a type as a
// migration declares it into what format_type(atttypid, atttypmod) prints for
// a column of that type, so that the two compare equal:
//
//   int, int4, integer, "int4", pg_catalog.int4   -> integer
//   serial / bigserial / smallserial               -> integer / bigint / smallint
//   float(1..24) / float, float(25..53)            -> real / double precision
//   varchar(20), character varying(20)             -> character varying(20)
//   char, character / char(5), bpchar(5)           -> character(1) / character(5)
//   bpchar (no length)                             -> bpchar
//   bit / bit(8) / varbit(4)                       -> bit(1) / bit(8) / bit varying(4)
//   numeric(10) / decimal(8,2)                     -> numeric(10,0) / numeric(8,2)
//   timestamptz(3)                                 -> timestamp(3) with time zone
//   time                                           -> time without time zone
//   interval day to second(3)                      -> interval day to second(3)
//   int ARRAY[4], integer[][], _int4               -> integer[]
//   "char"                                         -> "char" (the one-byte internal type)
//   other.mood[], "Mood Type", public."Mood Type"  -> other.mood[], "Mood Type", public."Mood Type"
//
// format_type() prints a user type schema-qualified only when the type is not
// visible in the search path, which a declaration cannot know: types_match()
// ignores a schema present on one side only.

#include <optional>
#include <string>
#include <string_view>

#include "ddl/qualified_name.hpp"

namespace pgapply::ddl {

struct TypeInfo {
  std::string text;         // as format_type() prints it; the input, whitespace collapsed, if not recognised
  bool recognised = false;  // the whole input parsed as a type name
  bool builtin = false;     // a pg_catalog type (by SQL keyword, internal name or qualification)
  bool array = false;
  // serial, bigserial, smallserial (and serial2/4/8): the column also gets
  // NOT NULL and DEFAULT nextval('<table>_<column>_seq'::regclass).
  bool serial = false;
};

TypeInfo analyse_type(std::string_view declared);

// analyse_type(declared).text.
std::string normalize_type(std::string_view declared);

// Whether a normalised declared type and format_type()'s output name the
// same type: equal, or equal but for a schema qualification on one side.
bool types_match(std::string_view normalized_declared, std::string_view server_type);

// The type without typmod and array brackets' contents kept: "character
// varying(20)" -> "character varying", "numeric(12,4)[]" -> "numeric[]",
// "timestamp(3) with time zone" -> "timestamp with time zone". Used to
// recognise a cast to the column's type in a default ('x'::character varying).
std::string without_typmod(std::string_view normalized);

// The user type (a domain, an enum...) a normalised type is, by name:
// "public.positive_count" -> {public, positive_count}; nullopt for a
// built-in type, an array or a name with a typmod.
std::optional<QualifiedName> user_type_name(std::string_view normalized);

}  // namespace pgapply::ddl
