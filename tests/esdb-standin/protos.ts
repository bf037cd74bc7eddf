// The generated protobuf and gRPC service modules that @eventstore/db-client itself ships:
// the stand-in speaks exactly the wire format the client was built against.
// They are CommonJS whose exports a static ESM import cannot see, hence `require`.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const generated = (name: string): unknown => require(`@eventstore/db-client/generated/${name}.js`)

export const streamsPb = generated('streams_pb') as typeof import('@eventstore/db-client/generated/streams_pb.js')
export const streamsGrpc = generated('streams_grpc_pb') as typeof import('@eventstore/db-client/generated/streams_grpc_pb.js')
export const sharedPb = generated('shared_pb') as typeof import('@eventstore/db-client/generated/shared_pb.js')
export const statusPb = generated('status_pb') as typeof import('@eventstore/db-client/generated/status_pb.js')
export const featuresPb = generated('serverfeatures_pb') as typeof import('@eventstore/db-client/generated/serverfeatures_pb.js')
export const featuresGrpc = generated('serverfeatures_grpc_pb') as typeof import('@eventstore/db-client/generated/serverfeatures_grpc_pb.js')
export const anyPb = require('google-protobuf/google/protobuf/any_pb.js') as typeof import('google-protobuf/google/protobuf/any_pb.js')
