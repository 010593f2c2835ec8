import { Checkbox, Paragraph, Search as SearchField, Tag } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert, Loading } from '../components/Feedback';
import { Page } from '../components/Section';
import { graphql, type ResultOf } from '../lib/graphql';
import { useThreadTitle } from '../lib/threads';

const SearchQuery = graphql(`
  query Search($text: String!, $allVersions: Boolean!) {
    search(text: $text, allVersions: $allVersions, first: 30) {
      id
      kind
      title
      snippet {
        text
        highlighted
      }
      group {
        id
        name
      }
      need {
        id
        title
      }
      document {
        id
      }
      thread {
        id
        kind
      }
      message {
        id
        seq
        author {
          id
          displayName
        }
      }
    }
  }
`);

type Hit = ResultOf<typeof SearchQuery>['search'][number];

function hitLink(h: Hit): string {
  if (h.kind === 'DOCUMENT' && h.document) return `/groups/${h.group.id}/documents/${h.document.id}`;
  if (h.kind === 'MESSAGE' && h.thread) return `/groups/${h.group.id}/threads/${h.thread.id}`;
  if (h.need) return `/needs/${h.need.id}`;
  return `/groups/${h.group.id}`;
}

/** Full-text search over documents, needs and messages of the viewer's groups. */
export function Search() {
  const { t } = useTranslation();
  const threadTitle = useThreadTitle();
  const [params, setParams] = useSearchParams();
  const text = params.get('q') ?? '';
  const allVersions = params.get('all') === '1';
  const [input, setInput] = useState(text);
  // Back/forward changes the URL's query: show it in the box (adjusted during render, no effect).
  const [shown, setShown] = useState(text);
  if (shown !== text) {
    setShown(text);
    setInput(text);
  }
  const [{ data, fetching, error }] = useQuery({
    query: SearchQuery,
    variables: { text, allVersions },
    pause: !text.trim(),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(input.trim() ? { q: input.trim(), ...(allVersions ? { all: '1' } : {}) } : {});
  };

  return (
    <Page title={t('search.title')}>
      <form role="search" onSubmit={submit} className="stack-sm">
        <SearchField>
          <SearchField.Input
            aria-label={t('search.label')}
            placeholder={t('search.placeholder')}
            value={input}
            onChange={(e) => setInput(e.target.value)}
          />
          <SearchField.Clear onClick={() => setInput('')} />
          <SearchField.Button type="submit">{t('search.submit')}</SearchField.Button>
        </SearchField>
        <Checkbox
          label={t('search.allVersions')}
          checked={allVersions}
          onChange={(e) => setParams({ ...(text ? { q: text } : {}), ...(e.target.checked ? { all: '1' } : {}) })}
        />
      </form>
      <ErrorAlert error={error} />
      {fetching && <Loading />}
      <div role="status" aria-live="polite">
        {data && text && <Paragraph>{t('search.results', { count: data.search.length, text })}</Paragraph>}
      </div>
      {data && data.search.length > 0 && (
        <ol className="plain-list stack search-results">
          {data.search.map((h) => (
            <li key={`${h.kind}-${h.id}`} className="search-hit">
              <div className="row">
                <Tag data-size="sm">{t(`search.kind.${h.kind}`)}</Tag>
                <RouterLink to={hitLink(h)}>
                  {h.kind === 'MESSAGE' && h.thread ? threadTitle({ kind: h.thread.kind, title: h.title }) : h.title}
                </RouterLink>
                <span className="muted small">{h.group.name}</span>
              </div>
              <Paragraph data-size="sm">
                {h.kind === 'MESSAGE' && h.message && <strong>{h.message.author.displayName}: </strong>}
                {h.snippet.map((p, i) =>
                  p.highlighted ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
                )}
              </Paragraph>
            </li>
          ))}
        </ol>
      )}
    </Page>
  );
}
