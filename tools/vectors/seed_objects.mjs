// The seed's objects in mtcute's form (camelCase fields, Long for long), shared
// by seed.mjs and responses.mjs so that both write the same photos.photo.
import Long from 'long'

export const bytes = (s) => new TextEncoder().encode(s)
// n bytes that differ from each other, from `start` in steps of 7.
export const seq = (n, start) => Uint8Array.from({ length: n }, (_, i) => (start + i * 7) & 0xff)

export const request = {
  _: 'photos.updateProfilePhoto',
  id: { _: 'inputPhoto', id: Long.fromString('-4156887774564'), accessHash: Long.fromString('-4156887774564'),
        fileReference: bytes('arbitrary data here') },
}

export const answer = {
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
