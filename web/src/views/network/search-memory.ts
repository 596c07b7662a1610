// The address of the last search shown, so a profile's "Back to the search" link returns
// to the same words and filters (the search keeps its state in its own address).

let last = '/network';

export function rememberSearch(href: string): void {
  last = href.startsWith('/network') ? href : '/network';
}

export function lastSearchHref(): string {
  return last;
}
