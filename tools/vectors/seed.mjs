// Prints the seed's test vectors as written by mtcute's own TL writer (an
// implementation independent of tlcpp): the photos.updateProfilePhoto request
// and a realistic photos.photo answer. Their hex is committed in
// tests/seed_test.cpp and examples/update_profile_photo.cpp.
//   cd tools/vectors && npm ci && node seed.mjs
import { createRequire } from 'node:module'
import Long from 'long'
import { TlBinaryWriter } from '@mtcute/tl-runtime'

const require = createRequire(import.meta.url)
const { __tlWriterMap } = require('@mtcute/tl/binary/writer.js')

const bytes = (s) => new TextEncoder().encode(s)
const seq = (n, start) => Uint8Array.from({ length: n }, (_, i) => (start + i * 7) & 0xff)
const hex = (obj) => Buffer.from(TlBinaryWriter.serializeObject(__tlWriterMap, obj)).toString('hex')

const request = {
  _: 'photos.updateProfilePhoto',
  id: { _: 'inputPhoto', id: Long.fromString('-4156887774564'), accessHash: Long.fromString('-4156887774564'),
        fileReference: bytes('arbitrary data here') },
}

const answer = {
  _: 'photos.photo',
  photo: {
    _: 'photo',
    id: Long.fromString('5823417748812639101'),
    accessHash: Long.fromString('-7358712937401865217'),
    fileReference: seq(30, 1),
    date: 1732550400,
    sizes: [
      { _: 'photoStrippedSize', type: 'i', bytes: seq(40, 3) },
      { _: 'photoSize', type: 'a', w: 160, h: 160, size: 8211 },
      { _: 'photoSize', type: 'b', w: 320, h: 320, size: 25187 },
      { _: 'photoSize', type: 'c', w: 640, h: 640, size: 71544 },
    ],
    dcId: 2,
  },
  users: [{
    _: 'user',
    self: true,
    id: 777000123,
    accessHash: Long.fromString('8422417720593722125'),
    firstName: 'Ada',
    lastName: 'Lovelace',
    username: 'ada_lovelace',
    photo: { _: 'userProfilePhoto', photoId: Long.fromString('5823417748812639101'), strippedThumb: seq(40, 9), dcId: 2 },
    status: { _: 'userStatusOffline', wasOnline: 1732550000 },
  }],
}

console.log(`request ${hex(request)}`)
console.log(`answer ${hex(answer)}`)
