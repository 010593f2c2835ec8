import { Button, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert, LiveStatus, ProblemAlert } from '../components/Feedback';
import { CollapsibleForm } from '../components/Form';
import { SelectField } from '../components/SelectField';
import { DOCUMENT_KINDS } from '../lib/enums';
import { useForm, useStatus } from '../lib/form';
import { graphql } from '../lib/graphql';
import { useRefusal } from '../lib/refusals';

const UpdateDocumentDetails = graphql(`
  mutation UpdateDocumentDetails($id: ID!, $input: UpdateDocumentInput!) {
    updateDocument(id: $id, input: $input) {
      id
      title
      kind
    }
  }
`);

const UnpublishDocument = graphql(`
  mutation UnpublishDocument($id: ID!) {
    updateDocument(id: $id, input: { visibility: GROUP }) {
      id
      visibility
      publishedVersion
    }
  }
`);

const DeleteDocument = graphql(`
  mutation DeleteDocument($id: ID!) {
    deleteDocument(id: $id) {
      id
      deletedAt
    }
  }
`);

type Kind = (typeof DOCUMENT_KINDS)[number];

/** What the document's screens say of it before changing it. */
export interface ManagedDocument {
  id: string;
  title: string;
  kind: string;
  visibility: string;
  publishedVersion?: number | null;
  currentVersion: number;
}

/** The refusals a document change may meet, in the screen's words. */
function useDocumentWords() {
  const { t } = useTranslation();
  return { FORBIDDEN: t('documentManage.forbidden'), 'group status ACTIVE': t('documentManage.archived') };
}

/**
 * Taking a published document back from the suppliers, after a dialog that says which version
 * they lose and what publishing again would do. Used on the document and in a procurement's list.
 */
export function useUnpublish(onDone: (text: string) => void) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState<ManagedDocument | null>(null);
  const [result, unpublish] = useMutation(UnpublishDocument);
  const refused = useRefusal()(result.error, { words: useDocumentWords() });
  const title = asked?.title ?? '';
  const dialog = (
    <ConfirmDialog
      open={asked !== null}
      title={t('documentManage.unpublishTitle', { title })}
      confirmLabel={t('documentManage.unpublishConfirm')}
      danger
      busy={result.fetching}
      onConfirm={async () => {
        if (!asked) return;
        const r = await unpublish({ id: asked.id });
        setAsked(null);
        if (!r.error) onDone(t('documentManage.unpublished', { title }));
      }}
      onCancel={() => setAsked(null)}
    >
      {asked && (
        <>
          <dl className="preview facts">
            <dt>{t('documents.name')}</dt>
            <dd>{title}</dd>
            <dt>{t('documentManage.suppliersRead')}</dt>
            <dd>{t('documents.versionOf', { number: asked.publishedVersion ?? asked.currentVersion })}</dd>
          </dl>
          <Paragraph>{t('documentManage.unpublishEffect')}</Paragraph>
        </>
      )}
    </ConfirmDialog>
  );
  const feedback = (
    <>
      <ErrorAlert error={refused.error} />
      <ProblemAlert text={refused.problem} />
    </>
  );
  return { ask: setAsked, dialog, feedback };
}

/**
 * The document's own organisation or a coordinator renames it or changes its kind, takes it back
 * from the suppliers when published, or deletes it (its versions stay for the audit trail), each
 * irreversible act after a dialog that says what it does.
 */
export function DocumentManage({
  doc,
  versionCount,
  onChange,
  onDeleted,
}: {
  doc: ManagedDocument;
  versionCount: number;
  onChange: () => void;
  onDeleted: (title: string) => void;
}) {
  const { t } = useTranslation();
  const form = useForm({ title: doc.title, kind: doc.kind });
  // A rename saved here or by someone else shows in the fields; the form stays mounted, so what it
  // just said ("saved") stays too (a remount per title dropped it). Only a new title or kind
  // resets the fields: `set` is a new function each render, so it is left out of the deps.
  const { set } = form;
  useEffect(() => {
    set('title', doc.title);
    set('kind', doc.kind);
  }, [doc.title, doc.kind]); // eslint-disable-line react-hooks/exhaustive-deps
  const [saved, update] = useMutation(UpdateDocumentDetails);
  const [removed, remove] = useMutation(DeleteDocument);
  const [deleting, setDeleting] = useState(false);
  const { status, setStatus, report } = useStatus(onChange);
  const refusal = useRefusal();
  const words = useDocumentWords();
  const refused = refusal(saved.error, { fields: ['title', 'kind'], words });
  const removal = refusal(removed.error, { words });
  const unpublish = useUnpublish((text) => report({}, text));

  const submit = async () => {
    setStatus('');
    if (!form.check(form.missing('title'))) return;
    const title = form.values.title.trim();
    const kind = form.values.kind as Kind;
    const input = { title: title !== doc.title ? title : undefined, kind: kind !== doc.kind ? kind : undefined };
    if (input.title === undefined && input.kind === undefined) return report({}, t('documentManage.unchanged'));
    report(await update({ id: doc.id, input }), t('documentManage.saved'));
  };

  return (
    <div className="stack-sm">
      <CollapsibleForm
        summary={t('documentManage.summary')}
        onSubmit={submit}
        busy={saved.fetching}
        error={refused.error}
        problem={refused.problem}
        submitLabel={t('documentManage.save')}
      >
        <Textfield
          label={t('documents.name')}
          {...form.field('title')}
          error={form.errors.title ?? refused.fields.title}
          required
        />
        <SelectField
          label={t('documents.kind')}
          {...form.field('kind')}
          options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`documentKind.${k}`) }))}
        />
      </CollapsibleForm>
      {unpublish.feedback}
      <ErrorAlert error={removal.error} />
      <ProblemAlert text={removal.problem} />
      <div className="row">
        {doc.visibility === 'PUBLISHED' && (
          <Button variant="secondary" data-size="sm" onClick={() => unpublish.ask(doc)}>
            {t('documentManage.unpublish')}
          </Button>
        )}
        <Button variant="tertiary" data-size="sm" data-color="danger" onClick={() => setDeleting(true)}>
          {t('documentManage.delete')}
        </Button>
      </div>
      <LiveStatus>{status}</LiveStatus>
      {unpublish.dialog}
      <ConfirmDialog
        open={deleting}
        title={t('documentManage.deleteTitle', { title: doc.title })}
        confirmLabel={t('documentManage.deleteConfirm')}
        danger
        busy={removed.fetching}
        onConfirm={async () => {
          const r = await remove({ id: doc.id });
          setDeleting(false);
          if (!r.error) onDeleted(doc.title);
        }}
        onCancel={() => setDeleting(false)}
      >
        <dl className="preview facts">
          <dt>{t('documents.name')}</dt>
          <dd>{doc.title}</dd>
          <dt>{t('documents.kind')}</dt>
          <dd>{t(`documentKind.${doc.kind as Kind}`)}</dd>
          <dt>{t('documents.versions')}</dt>
          <dd>{versionCount}</dd>
          {doc.visibility === 'PUBLISHED' && (
            <>
              <dt>{t('documents.visibility')}</dt>
              <dd>{t('documents.publishedVersion', { number: doc.publishedVersion ?? doc.currentVersion })}</dd>
            </>
          )}
        </dl>
        <Paragraph>
          {doc.visibility === 'PUBLISHED'
            ? t('documentManage.deleteEffectPublished')
            : t('documentManage.deleteEffect')}
        </Paragraph>
      </ConfirmDialog>
    </div>
  );
}
