/** The table every list page uses: column headings, then the caller's rows. Wide tables scroll sideways. */
import type { ComponentChildren } from 'preact';

export type Column = string | { label: string; title: string };

export function ListTable(props: { class?: string; caption?: string; columns: Column[]; children: ComponentChildren }) {
  return (
    <table class={props.class ? `list ${props.class}` : 'list'}>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((column) =>
            typeof column === 'string' ? (
              <th scope="col" key={column}>
                {column}
              </th>
            ) : (
              <th scope="col" key={column.label} title={column.title}>
                {column.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
