// `npm run openapi`: writes docs/openapi.json, the API's committed contract, from the routes' schemas
// (apps/server/src/openapi.ts). Run it after changing a route; openapi.unit.test.ts fails until you do.
import fs from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { OPENAPI_FILE, openapiText } = await import('../apps/server/src/openapi.ts');
const text = await openapiText();
const before = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '';
fs.writeFileSync(OPENAPI_FILE, text);
const doc = JSON.parse(text);
const operations = Object.values(doc.paths).reduce((n, byMethod) => n + Object.keys(byMethod).length, 0);
console.log(`${OPENAPI_FILE}: ${operations} operations${before === text ? ', unchanged' : ', written'}`);
