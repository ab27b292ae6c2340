import * as React from 'react';
import { monthIndexOfSerial, monthLabel } from '../../engine/monthly';
import { fmt, S } from '../strings';
import type { Pipeline } from '../usePipeline';
import { BusyButton } from './common';

/**
 * Draft this month's report (spec §8): appends a MonthlyReports row with the month's facts for the
 * project (the month of the as-of date) and selects its Situation Analysis cell; refuses when it exists.
 */
export function DraftReportButton({ p, projectId }: { p: Pipeline; projectId: string }): React.JSX.Element {
  const asOf = p.analysis?.asOf;
  const draft = (): void => {
    void p.act(
      'draft',
      () => p.ops.draftMonthlyReport(p.run, { projectId, asOf, today: p.today }),
      (r) => {
        const month = monthLabel(monthIndexOfSerial(r.month));
        return {
          zh: fmt('zh', 'reportDrafted', { month, address: r.address }),
          en: fmt('en', 'reportDrafted', { month, address: r.address }),
        };
      },
      { recheck: true },
    );
  };
  return (
    <BusyButton
      p={p}
      op="draft"
      size="small"
      data-testid="action-draft-report"
      label={S.draftReport[p.lang]}
      onClick={draft}
    />
  );
}
