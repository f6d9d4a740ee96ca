import { totalCell } from './cells';
import { sumWindow } from './window-sums';

describe(sumWindow.name, () => {
  it('sums the hours of the window ending at the hour, and no others', () => {
    const cell = totalCell('calls');
    const cells = [
      {
        hourStart: '2026-11-20T08:00:00.000Z',
        cell,
        measures: { classifiedCalls: 50, poorCalls: 50 },
      },
      {
        hourStart: '2026-11-20T09:00:00.000Z',
        cell,
        measures: { classifiedCalls: 4, poorCalls: 1 },
      },
      {
        hourStart: '2026-11-20T11:00:00.000Z',
        cell,
        measures: { classifiedCalls: 6, poorCalls: 2 },
      },
    ];

    const sums = sumWindow(cells, '2026-11-20T11:00:00.000Z', 3);

    expect(sums.get(cell)).toMatchObject({ classifiedCalls: 10, poorCalls: 3, calls: 0 });
  });
});
