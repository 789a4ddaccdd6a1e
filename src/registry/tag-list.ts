import { nextLink } from '../oci/link-header.js';
import { RegistryError } from '../oci/registry-error.js';
import { readJson, statusError } from './registry-body.js';
import { pull, type RegistryClient } from './registry-client.js';

const MAX_TAG_PAGES = 1000;
const MAX_TAG_PAGE_BYTES = 4 * 1024 * 1024;

/** Every tag of a repository, following `Link: <…>; rel="next"` pages (same origin only). */
export async function listTags(client: RegistryClient, repository: string, pageSize = 1000): Promise<string[]> {
  const what = `${client.what(repository)} (tags)`;
  const tags: string[] = [];
  let url: string | undefined = `/v2/${repository}/tags/list?n=${pageSize}`;
  for (let page = 0; url !== undefined; page++) {
    if (page >= MAX_TAG_PAGES)
      throw new RegistryError('RESPONSE_TOO_LARGE', `${what}: more than ${MAX_TAG_PAGES} pages`);
    const res = await client.http.send({ method: 'GET', url, scopes: [pull(repository)], what });
    if (res.status !== 200) throw await statusError(res, what);
    const link = nextLink(res.headers.get('link'));
    const body = (await readJson(res, MAX_TAG_PAGE_BYTES, what)) as { tags?: unknown } | null;
    const list = body?.tags ?? [];
    if (!Array.isArray(list) || !list.every((t) => typeof t === 'string'))
      throw new RegistryError('REGISTRY_PROTOCOL', `${what}: tags is not a list of strings`);
    tags.push(...list);
    url = link === undefined ? undefined : client.http.resolve(link, what).href;
  }
  return tags;
}
