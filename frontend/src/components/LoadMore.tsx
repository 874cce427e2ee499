/** What the pager needs of an infinite query (TanStack Query's useInfiniteQuery result). */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): unknown;
}

/** "Load more" under a paged list: there while the server has more, disabled while it loads. */
export function LoadMore({
  pages,
  label,
  testId,
}: {
  pages: Pages;
  label: string;
  testId: string;
}) {
  if (!pages.hasNextPage) return null;
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={pages.isFetchingNextPage}
      onClick={() => void pages.fetchNextPage()}
    >
      {pages.isFetchingNextPage ? 'Loading…' : label}
    </button>
  );
}
