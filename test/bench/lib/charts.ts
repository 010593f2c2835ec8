/** The report's charts (SVG): latency and CPU per event by size, p99 by instances, throughput. */
import type { Results } from './report.js';
import { barChart, lineChart } from './svg.js';

const n = (v: number) => v.toLocaleString('en-US');

/** The fan-out runs of each size, by side. */
export function pairs(r: Results) {
  const sizes = [...new Set(r.fanout.map((f) => f.subscribers))].sort((a, b) => a - b);
  return sizes.map((size) => ({
    size,
    floor: r.fanout.find((f) => f.target === 'floor' && f.subscribers === size),
    base: r.fanout.find((f) => f.target === 'baseline' && f.subscribers === size),
    sv: r.fanout.find((f) => f.target === 'samverka' && f.subscribers === size),
  }));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** CPU ms of everything on the machine over a throughput run's window. */
const machineMs = (t: Results['throughput'][number]) =>
  t.cpu.serverMs + (Number.isFinite(t.cpu.postgresMs) ? t.cpu.postgresMs : 0) + t.cpu.generatorMs + t.cpu.othersMs;

/** The throughput runs by kind (off; on with nobody; on with subscribers), each kind as the median of its rounds. */
export function throughputKinds(r: Results) {
  const keys = [...new Set(r.throughput.map((t) => `${t.live}|${t.subscribers}`))];
  const offByRound = new Map(r.throughput.filter((t) => !t.live).map((t) => [t.round ?? 1, t.perSecond]));
  return keys.map((key) => {
    const runs = r.throughput.filter((t) => `${t.live}|${t.subscribers}` === key);
    const rates = runs.map((t) => t.perSecond);
    // Each run against off in the same round (minutes apart at most): the machine's pace drifts
    // between rounds by more than delivery costs, and a paired ratio leaves the drift out.
    const ratios = runs
      .filter((t) => offByRound.has(t.round ?? 1))
      .map((t) => t.perSecond / offByRound.get(t.round ?? 1)!);
    const withLatency = runs.filter((t) => t.latency);
    return {
      label: runs[0].label,
      live: runs[0].live,
      subscribers: runs[0].subscribers,
      runs,
      perSecond: median(rates),
      /** The median over the rounds of this kind's rate over off's in the same round. */
      vsOff: ratios.length ? median(ratios) : NaN,
      ratios,
      min: Math.min(...rates),
      max: Math.max(...rates),
      serverMsPerMessage: median(runs.map((t) => t.cpu.serverMs / Math.max(1, t.posted))),
      postgresMsPerMessage: median(runs.map((t) => t.cpu.postgresMs / Math.max(1, t.posted))),
      /** The posting clients and, with subscribers, the workers receiving for them. */
      generatorMsPerMessage: median(runs.map((t) => t.cpu.generatorMs / Math.max(1, t.posted))),
      /** The whole machine: servers, PostgreSQL, the generator and everything else. */
      machineMsPerMessage: median(runs.map((t) => machineMs(t) / Math.max(1, t.posted))),
      /** Cores busy over the window (all processes). */
      busyCores: median(runs.map((t) => machineMs(t) / Math.max(1, t.cpu.windowMs))),
      p99: withLatency.length ? median(withLatency.map((t) => t.latency!.p99)) : undefined,
      lost: runs.reduce((s, t) => s + t.lost, 0),
      duplicated: runs.reduce((s, t) => s + t.duplicated, 0),
    };
  });
}

export function charts(r: Results): Record<string, string> {
  const svgs: Record<string, string> = {};
  const p = pairs(r);
  const cats = p.map(({ size }) => n(size));
  const blue = ['#9ecae1', '#4292c6', '#08519c'];
  const orange = ['#fdae6b', '#f16913', '#a63603'];
  if (p.length) {
    svgs['latency.svg'] = lineChart({
      title: 'Fan-out latency by subscribers',
      xLabel: 'subscribers',
      yLabel: 'ms',
      log: true,
      categories: cats,
      series: [
        ...(['p50', 'p95', 'p99'] as const).flatMap((q, i) => [
          { name: `baseline ${q}`, values: p.map((v) => v.base?.latency[q]), color: blue[i], dashed: true },
          { name: `Samverka ${q}`, values: p.map((v) => v.sv?.latency[q]), color: orange[i] },
        ]),
        { name: 'floor p99', values: p.map((v) => v.floor?.latency.p99), color: '#969696', dashed: true },
      ],
    });
    svgs['cpu.svg'] = lineChart({
      title: 'Server CPU per delivered event',
      xLabel: 'subscribers',
      yLabel: 'µs per event',
      log: true,
      categories: cats,
      series: [
        {
          name: 'floor',
          values: p.map((v) => v.floor && (v.floor.cpu.serverMs * 1000) / v.floor.delivered),
          color: '#969696',
          dashed: true,
        },
        {
          name: 'baseline',
          values: p.map((v) => v.base && (v.base.cpu.serverMs * 1000) / v.base.delivered),
          color: blue[1],
          dashed: true,
        },
        {
          name: 'Samverka servers',
          values: p.map((v) => v.sv && (v.sv.cpu.serverMs * 1000) / v.sv.delivered),
          color: orange[1],
        },
        {
          name: 'Samverka PostgreSQL',
          values: p.map((v) => v.sv && (v.sv.cpu.postgresMs * 1000) / v.sv.delivered),
          color: '#74c476',
        },
      ],
    });
  }
  const inst = r.instances.filter((f) => f.target === 'samverka');
  if (inst.length) {
    const counts = [...new Set(inst.map((f) => f.instances))].sort((a, b) => a - b);
    const sizes = [...new Set(inst.map((f) => f.subscribers))].sort((a, b) => a - b);
    svgs['instances.svg'] = barChart({
      title: 'p99 latency by instances on one PostgreSQL',
      xLabel: 'instances',
      yLabel: 'p99 (ms)',
      categories: counts.map(String),
      series: sizes.map((s, i) => ({
        name: `${n(s)} subscribers`,
        values: counts.map((k) => inst.find((f) => f.instances === k && f.subscribers === s)?.latency.p99),
        color: orange[(i + 1) % 3],
      })),
    });
  }
  if (r.throughput.length) {
    const kinds = throughputKinds(r);
    svgs['throughput.svg'] = barChart({
      title: 'postMessage throughput, live delivery off and on (median of the rounds)',
      xLabel: '',
      yLabel: 'postMessage/s',
      categories: kinds.map((k) => (k.live ? `on, ${k.subscribers} subscribers` : 'off')),
      series: [{ name: 'postMessage/s', values: kinds.map((k) => k.perSecond), color: '#4292c6' }],
    });
  }
  return svgs;
}
