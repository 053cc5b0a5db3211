/** Key/value pairs from spans, logs and RUM events, as text. */
import type { Attributes } from '../api/types';

export function AttributeTable(props: { attributes: Attributes; caption?: string }) {
  const entries = Object.entries(props.attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <table class="attributes">
      {props.caption && <caption>{props.caption}</caption>}
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
