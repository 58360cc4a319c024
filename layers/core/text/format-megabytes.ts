/**
 * A byte count as people read file sizes: "50 MB", "2.5 MB", "0.3 MB". Binary megabytes
 * (1,048,576 bytes), as file managers on every desktop show them; one decimal at most.
 */
export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  const rounded = megabytes >= 0.1 ? Math.round(megabytes * 10) / 10 : Math.ceil(megabytes * 100) / 100;
  return `${rounded} MB`;
}
