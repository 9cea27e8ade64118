#!/usr/bin/env node
// Verifies a Sigstore bundle as the Sigstore project's own verifier does (@sigstore/verify), with
// a public key as the only trust (no transparency log, certificate or timestamp required), then
// checks that its in-toto statement is about the image: prints the subject's name when it is.
//   verify-bundle.js <bundle.json> <key.pub> <sha256:digest>
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { Verifier, toSignedEntity } = require('@sigstore/verify');

const [bundleFile, pubFile, digest] = process.argv.slice(2);
const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundleFile, 'utf8')));
const publicKey = crypto.createPublicKey(fs.readFileSync(pubFile));
const trust = {
  certificateAuthorities: [],
  timestampAuthorities: [],
  tlogs: [],
  ctlogs: [],
  publicKey: () => ({ publicKey, validFor: () => true }),
};
new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(bundle));
const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'));
const [algorithm, hex] = digest.split(':');
const subject = statement.subject.find((s) => s.digest[algorithm] === hex);
if (!subject) {
  console.error(`the statement is not about ${digest}`);
  process.exit(1);
}
console.log(subject.name);
