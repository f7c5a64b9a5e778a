/** Follows NextToken until the last page (bounded, and stopping if a service repeats a token). */
export async function allPages<T>(fetchPage: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>, maxPages = 200): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await fetchPage(token);
    items.push(...(answer.items ?? []));
    if (!answer.next || answer.next === token) break;
    token = answer.next;
  }
  return items;
}
