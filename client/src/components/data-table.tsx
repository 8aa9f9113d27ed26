import type { ReactNode } from 'react';

interface DataTableProps {
  /** Read out by screen readers only: what the rows are. */
  caption: string;
  /** The column headings, in order. */
  columns: string[];
  /** Adds a last column for each row's buttons, headed "Actions" for screen readers only. */
  actions?: boolean;
  /** The rows (`<tr>`s). */
  children: ReactNode;
}

/** The settings pages' tables: scrolling sideways on narrow screens, with a hidden caption and column headings. */
export function DataTable({ caption, columns, actions = false, children }: DataTableProps) {
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
