/** `1 pod`, `2 pods`, `1 cache entry`, `3 cache entries`. */
export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;
