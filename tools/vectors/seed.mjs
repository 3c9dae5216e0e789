// Prints the seed's test vectors as written by mtcute's own TL writer (an
// implementation independent of tlcpp): the photos.updateProfilePhoto request
// and a realistic photos.photo answer. Their hex is committed in
// tests/seed_test.cpp and examples/update_profile_photo.cpp.
//   cd tools/vectors && npm ci && node seed.mjs
import { createRequire } from 'node:module'
import { TlBinaryWriter } from '@mtcute/tl-runtime'
import { answer, request } from './seed_objects.mjs'

const require = createRequire(import.meta.url)
const { __tlWriterMap } = require('@mtcute/tl/binary/writer.js')

const hex = (obj) => Buffer.from(TlBinaryWriter.serializeObject(__tlWriterMap, obj)).toString('hex')

console.log(`request ${hex(request)}`)
console.log(`answer ${hex(answer)}`)
