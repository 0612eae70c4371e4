import { OpenAPISchemaValidator } from 'express-openapi-validator/dist/framework/openapi.schema.validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { spec } from './openapi.generated';

const document = yaml.load(
  readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'),
) as any;

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', () => {
    const validator = new OpenAPISchemaValidator({
      version: document.openapi,
      validateApiSpec: true,
    });
    expect(validator.validate(document).errors).toEqual([]);
  });

  it('is what the router is built from (run scripts/openapi-generate.mjs after editing the YAML)', () => {
    expect(spec).toEqual(document);
  });
});
