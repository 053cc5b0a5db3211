/** A URL from RUM data: a link when it is http(s), plain text otherwise (see safe-href.ts). */
import { safeExternalHref } from './safe-href';

export function ExternalUrl(props: { url: string | null | undefined }) {
  const href = safeExternalHref(props.url);
  if (!href) return <span class="url">{props.url ?? ''}</span>;
  return (
    <a class="url" href={href} target="_blank" rel="noopener noreferrer">
      {props.url}
    </a>
  );
}
