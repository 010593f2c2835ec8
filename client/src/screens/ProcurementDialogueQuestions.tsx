import { Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Collapsible, Form, MarkdownField } from '../components/Form';
import { Markdown } from '../components/Markdown';
import { useForm } from '../lib/form';
import { useFormat } from '../lib/format';
import { graphql } from '../lib/graphql';
import type { Question } from './ProcurementDialogue';

const AnswerQuestion = graphql(`
  mutation AnswerDialogueQuestion($input: AnswerQuestionInput!) {
    answerDialogueQuestion(input: $input) {
      id
      status
    }
  }
`);
const EditAnswer = graphql(`
  mutation EditDialogueAnswer($input: AnswerQuestionInput!) {
    editDialogueAnswer(input: $input) {
      id
      revision
    }
  }
`);

type Report = (result: { error?: unknown }, text: string) => boolean;

/**
 * Answers a question to every registered supplier at once (or publishes a revised answer), once the
 * coordinator has seen the answer as the suppliers will.
 */
function AnswerForm({ question, report, suppliers }: { question: Question; report: Report; suppliers: number }) {
  const { t } = useTranslation();
  const revise = question.status === 'ANSWERED';
  const form = useForm({ published: question.publishedQuestion ?? question.text, answer: question.answer ?? '' });
  const [answered, answerQuestion] = useMutation(AnswerQuestion);
  const [edited, editAnswer] = useMutation(EditAnswer);
  const { number } = question;
  const [previewing, setPreviewing] = useState(false);

  const submit = () => {
    if (form.check(form.missing('answer'))) setPreviewing(true);
  };
  const publish = async () => {
    setPreviewing(false);
    const { published, answer } = form.values;
    const input = { questionId: question.id, answer: answer.trim(), publishedQuestion: published.trim() || null };
    const r = revise ? await editAnswer({ input }) : await answerQuestion({ input });
    report(r, t(revise ? 'dialogueAdmin.revised' : 'dialogueAdmin.answered', { number }));
  };

  return (
    <Form
      onSubmit={submit}
      error={answered.error ?? edited.error}
      submitLabel={
        revise ? t('dialogueAdmin.publishRevision', { number }) : t('dialogueAdmin.publishAnswer', { number })
      }
      busy={answered.fetching || edited.fetching}
    >
      <Textfield
        label={t('dialogueAdmin.publishedQuestion', { number })}
        description={t('dialogueAdmin.publishedQuestionHelp')}
        multiline
        rows={2}
        {...form.field('published')}
      />
      <MarkdownField label={t('dialogueAdmin.answer', { number })} rows={4} {...form.field('answer')} required />
      <ConfirmDialog
        open={previewing}
        title={revise ? t('confirm.revisionTitle', { number }) : t('confirm.answerTitle', { number })}
        confirmLabel={
          revise ? t('dialogueAdmin.publishRevision', { number }) : t('dialogueAdmin.publishAnswer', { number })
        }
        onConfirm={publish}
        onCancel={() => setPreviewing(false)}
      >
        <Paragraph>
          {suppliers ? t('confirm.answerAudience', { count: suppliers }) : t('confirm.answerAudienceNone')}
        </Paragraph>
        <figure className="preview stack-sm" aria-label={t('confirm.suppliersSee')}>
          <figcaption className="small muted">{t('confirm.suppliersSee')}</figcaption>
          <Paragraph>
            <strong>{t('dialogue.questionNumber', { number })}</strong> {form.values.published.trim() || question.text}
          </Paragraph>
          <Markdown>{form.values.answer.trim()}</Markdown>
        </figure>
        <Paragraph data-size="sm">{t('confirm.answerAnonymous')}</Paragraph>
      </ConfirmDialog>
    </Form>
  );
}

/**
 * The suppliers' questions: those waiting for an answer, and those answered to all (which the
 * coordinators may revise). What an answer did is said by the section, which the forms report to.
 */
export function DialogueQuestions({
  questions,
  isCoordinator,
  report,
  suppliers,
}: {
  questions: readonly Question[];
  isCoordinator: boolean;
  report: Report;
  /** How many suppliers are registered: all of them read each answer. */
  suppliers: number;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const pending = questions.filter((q) => q.status === 'PENDING');
  const answered = questions.filter((q) => q.status === 'ANSWERED');
  const title = (q: Question, text: string) => (
    <Paragraph>
      <strong>{t('dialogue.questionNumber', { number: q.number })}</strong> {text}
    </Paragraph>
  );
  return (
    <>
      <Heading level={3} data-size="sm" id="pending-heading">
        {t('dialogueAdmin.pending', { count: pending.length })}
      </Heading>
      {pending.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogueAdmin.noPending')}</Paragraph>
      ) : (
        <ul className="plain-list stack" aria-labelledby="pending-heading">
          {pending.map((q) => (
            <li key={q.id} className="panel stack-sm">
              {title(q, q.text)}
              <Paragraph data-size="sm" className="muted">
                {t('dialogueAdmin.askedBy', { organisation: q.askedByOrganisation.name, date: f.dateTime(q.askedAt) })}
              </Paragraph>
              {isCoordinator && <AnswerForm question={q} report={report} suppliers={suppliers} />}
            </li>
          ))}
        </ul>
      )}

      <Heading level={3} data-size="sm" id="answered-heading">
        {t('dialogueAdmin.answeredTitle', { count: answered.length })}
      </Heading>
      {answered.length === 0 ? (
        <Paragraph data-size="sm">{t('dialogue.noAnswers')}</Paragraph>
      ) : (
        <ul className="plain-list stack" aria-labelledby="answered-heading">
          {answered.map((q) => (
            <li key={q.id} className="panel stack-sm">
              {title(q, q.publishedQuestion ?? q.text)}
              <Markdown>{q.answer ?? ''}</Markdown>
              <Paragraph data-size="sm" className="muted">
                {t('dialogueAdmin.answeredMeta', {
                  organisation: q.askedByOrganisation.name,
                  date: q.answeredAt ? f.dateTime(q.answeredAt) : '',
                  revision: q.revision,
                })}
              </Paragraph>
              {isCoordinator && (
                <Collapsible summary={t('dialogueAdmin.editAnswer', { number: q.number })}>
                  {/* A new revision starts the form afresh from the published text. */}
                  <AnswerForm key={q.revision} question={q} report={report} suppliers={suppliers} />
                </Collapsible>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
