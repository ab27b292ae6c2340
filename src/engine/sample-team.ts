import { SamplePipeline } from './sample';
import { TableName } from './schema';
import { CellValue } from './values';

/**
 * The sample as one team's workbook, for the directors' roll-up: Project IDs carry the team's code
 * (`华东-PS-2026-001`) and project names the team's name, so several teams' samples roll up without
 * every project looking duplicated. The team's own data is otherwise the sample's.
 */
export function sampleForTeam(sample: SamplePipeline, team: string): SamplePipeline {
  const name = team.trim();
  if (!name) return sample;
  // Excel's SUMIFS reads * ? ~ as wildcards; an ID must not carry them (id-has-wildcard).
  const code = name.replace(/[*?~\s]+/g, '');
  const id = (v: CellValue): CellValue => (typeof v === 'string' && v.trim() !== '' ? `${code}-${v}` : v);
  const rows: SamplePipeline['rows'] = {};
  for (const [table, list] of Object.entries(sample.rows) as [TableName, Record<string, CellValue>[]][]) {
    rows[table] = list.map((r) => {
      const out = { ...r };
      if ('projectId' in out) out.projectId = id(out.projectId);
      if (table === 'Projects' && typeof out.projectName === 'string')
        out.projectName = `${out.projectName}（${name}）`;
      return out;
    });
  }
  return { ...sample, rows };
}
