// The MTProto transports, all of them: framing only, sans-IO, both sides.
//
//   abridged.hpp         abridged (0xef)
//   intermediate.hpp     intermediate (0xeeeeeeee), padded_intermediate (0xdddddddd)
//   full.hpp             full (length, seqno, CRC32)
//   obfuscated2.hpp      obfuscated2 (64-byte init, AES-256-CTR), MTProxy keys
//   proxy_secret.hpp     MTProxy secrets (plain, dd; ee refused)
//   detect.hpp           detect_transport, any_transport, make_{client,server}_transport
//   fault.hpp            fault_injector, chunker (tests)
//   transport_common.hpp roles, options, received, decode_step, transport_failure
#pragma once

#include "tlcpp/net/abridged.hpp"
#include "tlcpp/net/detect.hpp"
#include "tlcpp/net/fault.hpp"
#include "tlcpp/net/full.hpp"
#include "tlcpp/net/intermediate.hpp"
#include "tlcpp/net/obfuscated2.hpp"
#include "tlcpp/net/proxy_secret.hpp"
#include "tlcpp/net/transport_common.hpp"
