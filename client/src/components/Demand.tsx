import { Heading, Paragraph, Table } from '@digdir/designsystemet-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format';
import { ScrollBox } from './ScrollBox';

/** A need's `demand` as the table and charts read it. */
export const DEMAND_FIELDS = `authorityCount
  byUnit { unit total authorities }
  byCurrency { currency total authorities }`;

export interface Demand {
  authorityCount: number;
  byUnit: readonly { unit: string; total: string; authorities: number }[];
  byCurrency: readonly { currency: string; total: string; authorities: number }[];
}

/** One need's aggregated demand as a table: sums per unit and per currency, never converted. */
export function DemandTable({ demand, caption }: { demand: Demand; caption: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const captionId = useId();
  if (demand.authorityCount === 0) return <Paragraph>{t('demand.none')}</Paragraph>;
  return (
    <ScrollBox labelledBy={captionId}>
      <Table data-size="sm" zebra>
        <caption id={captionId}>{caption}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t('demand.measure')}</Table.HeaderCell>
            <Table.HeaderCell className="num">{t('demand.total')}</Table.HeaderCell>
            <Table.HeaderCell className="num">{t('demand.authorities')}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {demand.byUnit.map((u) => (
            <Table.Row key={`u-${u.unit}`}>
              <Table.HeaderCell scope="row">{t('demand.quantityIn', { unit: u.unit })}</Table.HeaderCell>
              <Table.Cell className="num">{f.number(u.total)}</Table.Cell>
              <Table.Cell className="num">{f.number(u.authorities)}</Table.Cell>
            </Table.Row>
          ))}
          {demand.byCurrency.map((c) => (
            <Table.Row key={`c-${c.currency}`}>
              <Table.HeaderCell scope="row">{t('demand.annualValueIn', { currency: c.currency })}</Table.HeaderCell>
              <Table.Cell className="num">{f.currency(c.total, c.currency)}</Table.Cell>
              <Table.Cell className="num">{f.number(c.authorities)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </ScrollBox>
  );
}

export interface ChartBar {
  label: string;
  value: number;
  text: string;
}

/**
 * Horizontal bars with their values written out, so the chart reads without colour and the
 * numbers are in the accessible name as well as beside each bar. The table beside it has the data.
 */
export function BarChart({ title, bars }: { title: string; bars: readonly ChartBar[] }) {
  const id = useId();
  const max = Math.max(...bars.map((b) => b.value), 0);
  const rowHeight = 36;
  const labelWidth = 220;
  const width = 640;
  const barSpace = width - labelWidth - 140;
  return (
    <figure className="chart">
      <Heading level={4} data-size="2xs" id={`${id}-title`} asChild>
        <figcaption>{title}</figcaption>
      </Heading>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${bars.length * rowHeight + 8}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <desc id={`${id}-desc`}>{bars.map((b) => `${b.label}: ${b.text}`).join('; ')}</desc>
        {bars.map((b, i) => {
          const w = max > 0 ? Math.max(2, (b.value / max) * barSpace) : 2;
          const y = i * rowHeight + 4;
          return (
            <g key={`${b.label}-${i}`} aria-hidden="true">
              <text x={labelWidth - 8} y={y + 20} textAnchor="end" className="chart-label">
                {b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label}
              </text>
              <rect x={labelWidth} y={y + 4} width={w} height={rowHeight - 12} rx={3} className="chart-bar" />
              <text x={labelWidth + w + 8} y={y + 20} className="chart-value">
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
