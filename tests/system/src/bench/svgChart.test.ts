import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svgChart } from './svgChart.ts';

const chart = svgChart({
  title: 'freshness & RSS <N=100>',
  xLabel: 'seconds',
  marks: [{ x: 10, label: 'burst' }],
  panels: [
    {
      title: 'freshness (ms)',
      series: [
        {
          name: 'change',
          dots: true,
          points: [
            [0, 100],
            [20, 300],
          ],
        },
      ],
    },
    {
      title: 'RSS (MB)',
      series: [
        {
          name: 'projector',
          points: [
            [0, 50],
            [10, 60],
            [20, 70],
          ],
        },
        { name: 'manager', points: [] },
      ],
    },
  ],
});

test('svgChart is one SVG document: a panel per group of series, stacked, titles escaped', () => {
  assert.match(chart, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="900" height="570"/);
  assert.ok(chart.trimEnd().endsWith('</svg>'));
  assert.ok(chart.includes('freshness &amp; RSS &lt;N=100&gt;'));
  assert.equal(chart.match(/<g>/g)?.length, 2);
});

test('svgChart scales each panel on its own: x over the plot width, y from 0 to the panel maximum', () => {
  // x 0..20 over 70..880; the second panel (top 310, 220 high) runs y 0..70.
  assert.ok(chart.includes('points="70.0,372.9 475.0,341.4 880.0,310.0"'), chart);
  // Dots for the freshness series: the first panel (top 40) runs y 0..300.
  assert.ok(chart.includes('<circle cx="70.0" cy="186.7" r="1.5"'));
  assert.ok(chart.includes('<circle cx="880.0" cy="40.0" r="1.5"'));
  // A series without points still has its legend entry, and no line.
  assert.ok(chart.includes('>manager</text>'));
  assert.equal(chart.match(/<polyline/g)?.length, 1);
  // The mark is drawn in every panel.
  assert.equal(chart.match(/>burst</g)?.length, 2);
});
