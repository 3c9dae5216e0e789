// The cryptographic building blocks of the MTProto session tier, all at once.
//
//   hash.hpp             SHA-1, SHA-256 over several spans; constant_time_equal
//   aes_ige.hpp          AES-256-IGE in place, reusable contexts
//   random_source.hpp    random_source, openssl_random, replay_random
//   message_key.hpp      MTProto 2.0 / 1.0 msg_key and AES key/IV derivation
//   handshake_keys.hpp   tmp_aes_key/iv, auth_key_id, aux hash, new_nonce_hash
//   message_cipher.hpp   MTProto 2.0 packets: auth_key_id + msg_key + IGE
//   bignum.hpp           bignum, bn_context; constant-time mod-exp for secrets
//   dh_check.hpp         dh_prime / g / g_a / g_b checks, dh_prime_cache
//   pq.hpp               factorize_pq
//   rsa_public_key.hpp   rsa_public_key: PEM (PKCS#1, SPKI), fingerprint
//   rsa_key_set.hpp      rsa_key_set, Telegram's production and test keys
//   rsa_pad.hpp          rsa_pad_encrypt
//   rsa_private_key.hpp  rsa_private_key (test servers): PEM, generate, rsa_pad_decrypt
#pragma once

#include "tlcpp/net/aes_ige.hpp"
#include "tlcpp/net/bignum.hpp"
#include "tlcpp/net/dh_check.hpp"
#include "tlcpp/net/error.hpp"
#include "tlcpp/net/handshake_keys.hpp"
#include "tlcpp/net/hash.hpp"
#include "tlcpp/net/message_cipher.hpp"
#include "tlcpp/net/message_key.hpp"
#include "tlcpp/net/pq.hpp"
#include "tlcpp/net/random_source.hpp"
#include "tlcpp/net/rsa_key_set.hpp"
#include "tlcpp/net/rsa_pad.hpp"
#include "tlcpp/net/rsa_private_key.hpp"
#include "tlcpp/net/rsa_public_key.hpp"
