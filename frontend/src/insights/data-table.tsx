import type { ReactNode } from 'react';

export interface DataColumn<Row> {
  id: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** `number` right-aligns figures; `clamped` shortens long text. */
  className?: string;
  /** The cell names its row (read first by screen readers). */
  rowHeader?: boolean;
}

/** One insights table: a header row and a row per entry, labelled by its section's title, scrolled sideways on narrow screens. */
export function DataTable<Row>({
  labelledBy,
  columns,
  rows,
  rowKey,
}: {
  labelledBy: string;
  columns: readonly DataColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
}) {
  return (
    <div className="table-scroll">
      <table className="insights-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.id} scope="row">
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.id} className={column.className}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
