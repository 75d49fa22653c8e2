'use strict';
// Validates azure.yaml files against azd's published JSON schema, vendored in .ci/schemas (see its README.md).
// Usage: node .ci/validate-azure-yaml.cjs SCHEMAS_DIR FILE...   (run by .ci/check-azure-yaml.sh, which installs
// ajv, ajv-formats and yaml into .ci/.tools and points NODE_PATH there).
// First it checks that a document breaking the schema is refused, so a schema that failed to load, or matched
// nothing, cannot let every file pass.
const fs = require('fs');
const path = require('path');
const Ajv2019 = require('ajv/dist/2019');
const draft07 = require('ajv/dist/refs/json-schema-draft-07.json');
const addFormats = require('ajv-formats');
const YAML = require('yaml');

const [schemasDir, ...files] = process.argv.slice(2);
if (!schemasDir || files.length === 0) {
  console.error('usage: validate-azure-yaml.cjs SCHEMAS_DIR FILE...');
  process.exit(2);
}

// azd's schema is draft 2019-09; the extension schemas it refers to by URL are draft-07. Each is registered under
// the URL azd's schema uses for it, so no reference goes to the network.
const ajv = new Ajv2019({ allErrors: true, strict: false });
ajv.addMetaSchema(draft07);
addFormats(ajv);
const extensionsDir = path.join(schemasDir, 'azd-extensions');
const extensionBase = 'https://raw.githubusercontent.com/Azure/azure-dev/main/cli/azd/extensions/';
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
  entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]);
for (const file of walk(extensionsDir).filter((f) => f.endsWith('.json')).sort()) {
  const url = extensionBase + path.relative(extensionsDir, file).split(path.sep).join('/');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (schema.$id && schema.$id !== url) {
    throw new Error(`${file}: $id ${schema.$id} is not ${url}`);
  }
  ajv.addSchema(schema, url);
}
const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(schemasDir, 'azure.yaml.json'), 'utf8')));

const knownBad = { name: 'Not A Valid Name', services: { web: { project: './web' } } };
if (validate(knownBad)) {
  console.error('self-check failed: the schema accepted a document without a valid name or a service host');
  process.exit(1);
}

let failed = false;
for (const file of files) {
  let document;
  try {
    // YAML 1.2; a duplicate key is an error, as it is for azd.
    document = YAML.parse(fs.readFileSync(file, 'utf8'), { uniqueKeys: true });
  } catch (error) {
    console.error(`${file}: not valid YAML: ${error.message}`);
    failed = true;
    continue;
  }
  // The schema cannot see the files a service names: azd resolves docker.path and docker.context from the
  // service's project folder, and a moved Dockerfile would only fail at `azd deploy`.
  for (const [name, service] of Object.entries((document && document.services) || {})) {
    const project = path.resolve(path.dirname(file), service.project || '.');
    const docker = service.docker || {};
    for (const [key, target] of [['path', docker.path || './Dockerfile'], ['context', docker.context || '.']]) {
      if (service.language === 'docker' && !fs.existsSync(path.resolve(project, target))) {
        console.error(`${file}: services.${name}.docker.${key} ${target} does not exist (from ${service.project})`);
        failed = true;
      }
    }
  }
  if (validate(document)) {
    console.log(`${file}: valid against azd's schema`);
  } else {
    failed = true;
    for (const error of validate.errors) {
      console.error(`${file}: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
