// Typed RPC errors (tlcpp/api/errors.hpp): the exact exception type and values
// for the seed's errors, every parameterized error, the look-alikes that must
// not match, unknown messages and codes; every known error of the data maps
// to its own class; the per-method records; classify() never allocates.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "support/alloc_meter.hpp"
#include "tlcpp/api/bots/setBotCommands.hpp"
#include "tlcpp/api/errors.hpp"
#include "tlcpp/api/errors_by_method.hpp"
#include "tlcpp/api/photos/updateProfilePhoto.hpp"

namespace {

namespace errors = tlcpp::errors;
using tlcpp::rpc_error;

// Throws (code, message) and checks that the exception's dynamic type is
// exactly E, with code and message as sent.
template <class E>
void expect_exactly(std::int32_t code, const std::string& message) {
  SCOPED_TRACE(std::to_string(code) + " " + message);
  try {
    tlcpp::throw_rpc_error(code, message);
  } catch (const rpc_error& e) {
    EXPECT_EQ(typeid(e), typeid(E)) << "thrown " << typeid(e).name() << ", expected " << typeid(E).name();
    EXPECT_EQ(e.code(), code);
    EXPECT_EQ(e.message(), message);
    EXPECT_STREQ(e.what(), ("tlcpp: rpc error " + std::to_string(code) + " " + message).c_str());
    return;
  }
  ADD_FAILURE() << "nothing thrown";
}

// Throws and returns the caught exception as E (nullptr when it is not one).
template <class E>
bool caught_as(std::int32_t code, const std::string& message) {
  try {
    tlcpp::throw_rpc_error(code, message);
  } catch (const E&) {
    return true;
  } catch (...) {
    return false;
  }
  return false;
}

TEST(RpcErrors, SeedErrorsAreTheirOwnClassesUnderBadRequest) {
  expect_exactly<errors::album_photos_too_many>(400, "ALBUM_PHOTOS_TOO_MANY");
  expect_exactly<errors::file_parts_invalid>(400, "FILE_PARTS_INVALID");
  expect_exactly<errors::image_process_failed>(400, "IMAGE_PROCESS_FAILED");
  expect_exactly<errors::location_invalid>(400, "LOCATION_INVALID");
  expect_exactly<errors::photo_crop_size_small>(400, "PHOTO_CROP_SIZE_SMALL");
  expect_exactly<errors::photo_ext_invalid>(400, "PHOTO_EXT_INVALID");
  expect_exactly<errors::photo_id_invalid>(400, "PHOTO_ID_INVALID");
  for (const char* m : {"ALBUM_PHOTOS_TOO_MANY", "FILE_PARTS_INVALID", "IMAGE_PROCESS_FAILED", "LOCATION_INVALID",
                        "PHOTO_CROP_SIZE_SMALL", "PHOTO_EXT_INVALID", "PHOTO_ID_INVALID"}) {
    EXPECT_TRUE(caught_as<errors::bad_request>(400, m)) << m;
    EXPECT_TRUE(caught_as<rpc_error>(400, m)) << m;
    EXPECT_TRUE(caught_as<std::runtime_error>(400, m)) << m;
    EXPECT_FALSE(caught_as<errors::flood>(400, m)) << m;
    EXPECT_FALSE(caught_as<errors::wait_error>(400, m)) << m;
  }
  static_assert(std::is_base_of_v<errors::bad_request, errors::photo_id_invalid>);
  static_assert(std::is_base_of_v<rpc_error, errors::photo_id_invalid>);
  const errors::photo_id_invalid made;
  EXPECT_EQ(made.code(), 400);
  EXPECT_EQ(made.message(), "PHOTO_ID_INVALID");
}

TEST(RpcErrors, FloodWaitCarriesSeconds) {
  expect_exactly<errors::flood_wait>(420, "FLOOD_WAIT_30");
  try {
    tlcpp::throw_rpc_error(420, "FLOOD_WAIT_30");
  } catch (const errors::flood_wait& e) {
    EXPECT_EQ(e.seconds(), 30);
    EXPECT_EQ(e.value(), 30);
    EXPECT_EQ(e.code(), 420);
    EXPECT_EQ(&e.error(), static_cast<const rpc_error*>(&e));
  }
  EXPECT_TRUE(caught_as<errors::flood>(420, "FLOOD_WAIT_30"));
  EXPECT_TRUE(caught_as<errors::wait_error>(420, "FLOOD_WAIT_30"));
  EXPECT_TRUE(caught_as<rpc_error>(420, "FLOOD_WAIT_30"));
  const errors::flood_wait made(17);
  EXPECT_EQ(made.message(), "FLOOD_WAIT_17");
  EXPECT_EQ(made.code(), 420);
  EXPECT_EQ(made.seconds(), 17);
}

// Each parameterized error of the data, with the number where it sits.
TEST(RpcErrors, EveryParameterizedErrorExtractsItsNumber) {
  auto check = [](auto tag, std::int32_t code, const std::string& message, std::int32_t value, auto accessor) {
    using E = typename decltype(tag)::type;
    expect_exactly<E>(code, message);
    try {
      tlcpp::throw_rpc_error(code, message);
    } catch (const E& e) {
      EXPECT_EQ(e.value(), value) << message;
      EXPECT_EQ(accessor(e), value) << message;
    }
    const auto c = tlcpp::classify(code, message);
    EXPECT_EQ(c.id, E::id) << message;
    EXPECT_TRUE(c.has_value);
    EXPECT_EQ(c.value, value);
    EXPECT_EQ(E(value).message(), message) << "the class rebuilds the message from the number";
  };
  auto t = []<class E>() { return std::type_identity<E>{}; };
  const auto seconds = [](const auto& e) { return e.seconds(); };
  const auto dc = [](const auto& e) { return e.dc(); };
  const auto value = [](const auto& e) { return e.value(); };
  // raw-errors.json's 17
  check(t.operator()<errors::two_fa_confirm_wait>(), 420, "2FA_CONFIRM_WAIT_604800", 604800, seconds);
  check(t.operator()<errors::email_unconfirmed_n>(), 400, "EMAIL_UNCONFIRMED_6", 6,
        [](const auto& e) { return e.code_length(); });
  check(t.operator()<errors::file_migrate>(), 303, "FILE_MIGRATE_4", 4, dc);
  check(t.operator()<errors::file_part_missing>(), 400, "FILE_PART_12_MISSING", 12,
        [](const auto& e) { return e.part(); });
  check(t.operator()<errors::flood_test_phone_wait>(), 420, "FLOOD_TEST_PHONE_WAIT_5", 5, seconds);
  check(t.operator()<errors::flood_wait>(), 420, "FLOOD_WAIT_0", 0, seconds);
  check(t.operator()<errors::interdc_call_error>(), 500, "INTERDC_2_CALL_ERROR", 2, dc);
  check(t.operator()<errors::interdc_call_rich_error>(), 500, "INTERDC_5_CALL_RICH_ERROR", 5, dc);
  check(t.operator()<errors::network_migrate>(), 303, "NETWORK_MIGRATE_2", 2, dc);
  check(t.operator()<errors::password_too_fresh>(), 400, "PASSWORD_TOO_FRESH_86400", 86400, seconds);
  check(t.operator()<errors::phone_migrate>(), 303, "PHONE_MIGRATE_5", 5, dc);
  check(t.operator()<errors::previous_chat_import_active_wait_min>(), 406, "PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_15MIN", 15,
        [](const auto& e) { return e.minutes(); });
  check(t.operator()<errors::session_too_fresh>(), 400, "SESSION_TOO_FRESH_3600", 3600, seconds);
  check(t.operator()<errors::slowmode_wait>(), 420, "SLOWMODE_WAIT_10", 10, seconds);
  check(t.operator()<errors::stats_migrate>(), 303, "STATS_MIGRATE_1", 1, dc);
  check(t.operator()<errors::takeout_init_delay>(), 420, "TAKEOUT_INIT_DELAY_86400", 86400, seconds);
  check(t.operator()<errors::user_migrate>(), 303, "USER_MIGRATE_3", 3, dc);
  // named only by api-schema.json's throws (their number has no name there)
  check(t.operator()<errors::allow_payment_required_n>(), 403, "ALLOW_PAYMENT_REQUIRED_100", 100, value);
  check(t.operator()<errors::auth_restart_n>(), 500, "AUTH_RESTART_1", 1, value);
  check(t.operator()<errors::file_reference_n_empty>(), 400, "FILE_REFERENCE_0_EMPTY", 0, value);
  check(t.operator()<errors::file_reference_n_expired>(), 400, "FILE_REFERENCE_3_EXPIRED", 3, value);
  check(t.operator()<errors::file_reference_n_invalid>(), 400, "FILE_REFERENCE_1_INVALID", 1, value);
  check(t.operator()<errors::flood_premium_wait>(), 420, "FLOOD_PREMIUM_WAIT_7", 7, seconds);
  check(t.operator()<errors::premium_sub_active_until>(), 420, "PREMIUM_SUB_ACTIVE_UNTIL_1767225600", 1767225600,
        value);
  check(t.operator()<errors::stargift_resell_too_early>(), 400, "STARGIFT_RESELL_TOO_EARLY_3600", 3600, value);
  check(t.operator()<errors::stargift_transfer_too_early>(), 400, "STARGIFT_TRANSFER_TOO_EARLY_60", 60, value);
  check(t.operator()<errors::story_send_flood_monthly>(), 400, "STORY_SEND_FLOOD_MONTHLY_1767225600", 1767225600,
        value);
  check(t.operator()<errors::story_send_flood_weekly>(), 400, "STORY_SEND_FLOOD_WEEKLY_1767225600", 1767225600, value);

  std::size_t numbered = 0;
  for (std::size_t i = 1; i <= tlcpp::known_error_count; ++i) {
    numbered += tlcpp::known_error(static_cast<errors::error_id>(i)).param != tlcpp::error_param::none;
  }
  EXPECT_EQ(numbered, 28u) << "17 from raw-errors.json, 11 from throws; the list above has them all";
}

TEST(RpcErrors, FamiliesAcrossCodes) {
  // The known migrate errors are 303, and also migrate_error.
  EXPECT_TRUE(caught_as<errors::see_other>(303, "USER_MIGRATE_2"));
  EXPECT_TRUE(caught_as<errors::migrate_error>(303, "USER_MIGRATE_2"));
  // A migrate the data does not have, with code 400: bad_request and migrate_error.
  try {
    tlcpp::throw_rpc_error(400, "MEDIA_MIGRATE_3");
    ADD_FAILURE();
  } catch (const errors::migrate_error& e) {
    EXPECT_EQ(e.dc(), 3);
    EXPECT_EQ(e.error().code(), 400);
    EXPECT_EQ(e.error().message(), "MEDIA_MIGRATE_3");
    EXPECT_NE(dynamic_cast<const errors::bad_request*>(&e.error()), nullptr);
  }
  // A new wait with code 420: flood and wait_error, not flood_wait.
  EXPECT_TRUE(caught_as<errors::flood>(420, "FLOOD_STARS_WAIT_9"));
  EXPECT_FALSE(caught_as<errors::flood_wait>(420, "FLOOD_STARS_WAIT_9"));
  try {
    tlcpp::throw_rpc_error(420, "FLOOD_STARS_WAIT_9");
  } catch (const errors::wait_error& e) {
    EXPECT_EQ(e.seconds(), 9);
  }
  // A wait with a code no class has: rpc_error and wait_error only.
  try {
    tlcpp::throw_rpc_error(999, "QUEUE_WAIT_5");
    ADD_FAILURE();
  } catch (const errors::wait_error& e) {
    EXPECT_EQ(e.seconds(), 5);
    EXPECT_EQ(e.error().code(), 999);
    EXPECT_EQ(dynamic_cast<const errors::flood*>(&e.error()), nullptr);
  }
  // Waits are clamped; the number as sent stays in value().
  try {
    tlcpp::throw_rpc_error(420, "FLOOD_WAIT_2147483647");
  } catch (const errors::flood_wait& e) {
    EXPECT_EQ(e.seconds(), errors::max_wait_seconds);
    EXPECT_EQ(e.value(), 2147483647);
  }
  EXPECT_EQ(errors::max_wait_seconds, 604800);
}

TEST(RpcErrors, LookAlikesFallBackToTheCodeClass) {
  for (const char* m : {"FLOOD_WAIT_", "FLOOD_WAIT_3x", "FLOOD_WAIT_-5", "FLOOD_WAIT_+5", "FLOOD_WAIT_030",
                        "FLOOD_WAIT_2147483648", "FLOOD_WAIT_99999999999", "FLOOD_WAIT_%d", "FLOOD_WAIT_3 ",
                        "flood_wait_30", "FLOOD_WAIT_30\n", "_WAIT_5", "FLOOD_WAIT_1_2"}) {
    expect_exactly<errors::flood>(420, m);
    EXPECT_FALSE(caught_as<errors::wait_error>(420, m)) << m;
  }
  // A data-centre id must be plausible: 1 to 1000.
  for (const char* m : {"FILE_MIGRATE_0", "FILE_MIGRATE_1001", "FILE_MIGRATE_", "FILE_MIGRATE_2a", "NEW_MIGRATE_0"}) {
    expect_exactly<errors::see_other>(303, m);
    EXPECT_FALSE(caught_as<errors::migrate_error>(303, m)) << m;
  }
  expect_exactly<errors::file_migrate>(303, "FILE_MIGRATE_1000");
  expect_exactly<errors::file_migrate>(303, "FILE_MIGRATE_1");
  expect_exactly<errors::interdc_call_error>(500, "INTERDC_1_CALL_ERROR");
  expect_exactly<errors::internal>(500, "INTERDC_0_CALL_ERROR");
  // Exact names only: no prefix, suffix, case or space variants.
  for (const char* m : {"PHOTO_ID_INVALIDX", "PHOTO_ID_INVALI", " PHOTO_ID_INVALID", "photo_id_invalid", ""}) {
    expect_exactly<errors::bad_request>(400, m);
  }
  expect_exactly<errors::bad_request>(400, std::string("PHOTO_ID_INVALID\0", 17));
  // Names that differ by a trailing letter or digit are different errors.
  expect_exactly<errors::auth_token_invalid>(400, "AUTH_TOKEN_INVALID");
  expect_exactly<errors::auth_token_invalid2>(400, "AUTH_TOKEN_INVALID2");
  expect_exactly<errors::auth_token_invalidx>(400, "AUTH_TOKEN_INVALIDX");
  expect_exactly<errors::email_unconfirmed>(400, "EMAIL_UNCONFIRMED");
  // Names with spaces and negative codes.
  expect_exactly<errors::invalid_msgs_ack_query>(-500, "Invalid msgs_ack query");
  expect_exactly<errors::timeout>(-503, "Timeout");
  expect_exactly<errors::timedout>(-503, "Timedout");
  expect_exactly<errors::code_minus_503>(-503, "TIMEOUT");
}

TEST(RpcErrors, UnknownMessagesAndCodes) {
  expect_exactly<errors::bad_request>(400, "SOMETHING_NEW_INVALID");
  expect_exactly<errors::unauthorized>(401, "SOMETHING_NEW");
  expect_exactly<errors::forbidden>(403, "SOMETHING_NEW");
  expect_exactly<errors::not_found>(404, "SOMETHING_NEW");
  expect_exactly<errors::not_acceptable>(406, "SOMETHING_NEW");
  expect_exactly<errors::flood>(420, "SOMETHING_NEW");
  expect_exactly<errors::internal>(500, "SOMETHING_NEW");
  expect_exactly<errors::see_other>(303, "SOMETHING_NEW");
  expect_exactly<errors::code_minus_500>(-500, "SOMETHING_NEW");
  expect_exactly<rpc_error>(999, "SOMETHING_NEW");
  expect_exactly<rpc_error>(0, "");
  expect_exactly<rpc_error>(502, "BAD_GATEWAY");
  // A known name decides the class whatever the code; code() is as sent.
  expect_exactly<errors::photo_id_invalid>(406, "PHOTO_ID_INVALID");
  const auto c = tlcpp::classify(406, "PHOTO_ID_INVALID");
  EXPECT_EQ(c.class_code, 400);
  EXPECT_TRUE(c.is<errors::bad_request>());
  EXPECT_FALSE(c.is<errors::not_acceptable>());
}

TEST(RpcErrors, ClassifyIsPlainData) {
  auto c = tlcpp::classify(420, "FLOOD_WAIT_30");
  EXPECT_TRUE(c.known());
  EXPECT_EQ(c.id, errors::error_id::flood_wait);
  EXPECT_EQ(c.code, 420);
  EXPECT_EQ(c.class_code, 420);
  EXPECT_EQ(c.family, tlcpp::error_family::wait);
  EXPECT_TRUE(c.has_value);
  EXPECT_EQ(c.value, 30);
  EXPECT_TRUE(c.is<errors::flood_wait>());
  EXPECT_TRUE(c.is<errors::wait_error>());
  EXPECT_TRUE(c.is<errors::flood>());
  EXPECT_TRUE(c.is<rpc_error>());
  EXPECT_FALSE(c.is<errors::migrate_error>());
  EXPECT_FALSE(c.is<errors::slowmode_wait>());
  EXPECT_EQ(tlcpp::known_error(c.id).name, "FLOOD_WAIT_%d");

  c = tlcpp::classify(999, "ANYTHING");
  EXPECT_FALSE(c.known());
  EXPECT_EQ(c.class_code, 0);
  EXPECT_EQ(c.family, tlcpp::error_family::none);
  EXPECT_FALSE(c.has_value);
  EXPECT_TRUE(c.is<rpc_error>());
  EXPECT_FALSE(c.is<errors::bad_request>());
  EXPECT_EQ(tlcpp::known_error(c.id).name, "");

  const tlcpp::test::alloc_meter meter;
  for (const char* m : {"FLOOD_WAIT_30", "PHOTO_ID_INVALID", "PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_5MIN", "NEW_WAIT_3",
                        "X_MIGRATE_2", "NOT_AN_ERROR_AT_ALL_BUT_A_VERY_LONG_MESSAGE_OF_MANY_WORDS_1_2_3_4_5_6_7_8_9"}) {
    c = tlcpp::classify(400, m);
  }
  EXPECT_EQ(meter.allocations(), 0u) << "classify() allocated";
}

// Every error of the data: thrown as its own class, classified as itself.
// What the check needs of each class is gathered in a table, so that the
// check itself is one function, not one per class (786 of them).
struct known_class {
  errors::error_id id;
  std::string_view name;
  const std::type_info* type;
};

template <class... Es>
std::vector<known_class> known_classes(tlcpp::type_list<Es...>) {
  // An initializer list, not a fold: clang limits fold expressions to 256 terms.
  return {known_class{Es::id, Es::name, &typeid(Es)}...};
}

void check_known(const known_class& k) {
  const tlcpp::error_info& info = tlcpp::known_error(k.id);
  EXPECT_EQ(info.name, k.name);
  std::string message(info.name);
  if (const auto at = message.find("%d"); at != std::string::npos) {
    message = message.substr(0, at) + "7" + message.substr(at + 2);
  }
  SCOPED_TRACE(std::to_string(info.code) + " " + message);
  try {
    tlcpp::throw_rpc_error(info.code, message);
    ADD_FAILURE() << "nothing thrown";
  } catch (const rpc_error& e) {
    EXPECT_EQ(typeid(e), *k.type) << "thrown " << typeid(e).name() << ", expected " << k.type->name();
    EXPECT_EQ(e.code(), info.code);
    EXPECT_EQ(e.message(), message);
  }
  const auto c = tlcpp::classify(info.code, message);
  EXPECT_EQ(c.id, k.id) << message;
  EXPECT_EQ(c.class_code, info.code);
}

TEST(RpcErrors, EveryKnownErrorMapsToItsOwnClass) {
  const auto checks = known_classes(tlcpp::known_errors{});
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(checks[i].id), i + 1) << "error_id order";
    names.insert(tlcpp::known_error(checks[i].id).name);
    check_known(checks[i]);
  }
  EXPECT_EQ(checks.size(), tlcpp::known_error_count);
  EXPECT_EQ(names.size(), checks.size());
  EXPECT_EQ(checks.size(), 786u) << "552 in raw-errors.json's list, 234 more named by api-schema.json's throws";
}

TEST(RpcErrors, MethodsKnowTheirDocumentedErrors) {
  using M = tlcpp::method_errors<tlcpp::api::photos::updateProfilePhoto>;
  static_assert(M::errors.size() == 8);
  static_assert(M::documents<errors::photo_id_invalid>());
  static_assert(M::documents<errors::bot_fallback_unsupported>());
  static_assert(!M::documents<errors::flood_wait>());
  static_assert(M::available == tlcpp::availability::users);
  static_assert(!M::bots_may_call && M::users_may_call);
  std::vector<std::string_view> names;
  for (errors::error_id id : M::errors) names.push_back(tlcpp::known_error(id).name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"ALBUM_PHOTOS_TOO_MANY", "BOT_FALLBACK_UNSUPPORTED",
                                                  "FILE_PARTS_INVALID", "IMAGE_PROCESS_FAILED", "LOCATION_INVALID",
                                                  "PHOTO_CROP_SIZE_SMALL", "PHOTO_EXT_INVALID", "PHOTO_ID_INVALID"}));
  using B = tlcpp::method_errors<tlcpp::api::bots::setBotCommands>;
  static_assert(B::available == tlcpp::availability::bots && B::bots_may_call && !B::users_may_call);
  // A type the data says nothing about.
  using U = tlcpp::method_errors<tlcpp::api::inputPhoto>;
  static_assert(U::errors.empty() && U::available == tlcpp::availability::unknown && U::bots_may_call);
}

}  // namespace
