// Import lines (docs/import.md) of the kind an existing 12345 platform or mediation centre exports: complaints
// handled to the notice, disputes mediated to an agreement. Shared by the import test and bench/import.bench.ts.

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const COMMUNITY = `${STREET}/community-a`
const grid = (n: number) => `${COMMUNITY}/grid-${String(n % 20).padStart(3, '0')}`

const operator = { id: 'op-7', role: 'hotline-operator', jurisdiction: 'hohhot' }
const gridWorker = (g: string) => ({ id: `gw-${g.slice(-3)}`, role: 'grid-worker', jurisdiction: g })
const streetOfficer = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
const mediator = { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: STREET }

/** A China time `day` days after Monday 2026-01-05, at `hour:minute`. */
const at = (day: number, hour: number, minute = 0): string => `${new Date(Date.UTC(2026, 0, 5 + day, hour, minute)).toISOString().slice(0, 19)}+08:00`

/** A complaint from the old platform: registered, accepted, dispatched, acknowledged, answered, notified. */
export const complaintLine = (n: number): Record<string, unknown> => {
  const g = grid(n)
  const day = n % 60
  return {
    system: 'hohhot-12345',
    type: 'complaint',
    id: `HH12345-2026-${String(n).padStart(6, '0')}`,
    jurisdiction: g,
    steps: [
      {
        command: 'create',
        at: at(day, 8, n % 60),
        actor: operator,
        data: {
          channel: 'hotline-12345',
          kind: 'complaint',
          category: n % 3 === 0 ? 'heating' : 'property',
          title: `诉求 ${n}`,
          description: '楼道照明损坏，物业未修',
          complainant: { name: '李四', phone: '13912345678' },
        },
      },
      { command: 'accept', at: at(day, 9, 30), actor: operator, data: {} },
      { command: 'dispatch', at: at(day, 10), actor: operator, data: { unit: { id: `grid-${g.slice(-3)}`, name: '网格', level: 'grid', jurisdiction: g } } },
      { command: 'acknowledge', at: at(day, 11), actor: gridWorker(g), data: {} },
      { command: 'submit-result', at: at(day + 2, 16), actor: gridWorker(g), data: { result: '已联系物业更换灯具', outcome: 'resolved' } },
      { command: 'notify-complainant', at: at(day + 2, 17), actor: operator, data: { method: 'phone' } },
    ],
  }
}

/** A dispute from the old mediation system: reported on screening, accepted, mediated to an oral agreement. */
export const disputeLine = (n: number): Record<string, unknown> => {
  const g = grid(n)
  const day = n % 60
  return {
    system: 'hohhot-mediation',
    type: 'dispute',
    id: `TJ-2026-${String(n).padStart(6, '0')}`,
    jurisdiction: g,
    steps: [
      {
        command: 'create',
        at: at(day, 9),
        actor: gridWorker(g),
        data: {
          source: 'screening',
          category: 'neighbour',
          parties: [
            { side: 'applicant', name: '王芳', phone: '13800138000' },
            { side: 'respondent', name: '李强' },
          ],
          summary: '楼上漏水，邻里纠纷',
        },
      },
      { command: 'accept', at: at(day, 10), actor: streetOfficer, data: {} },
      { command: 'assign-mediator', at: at(day, 11), actor: streetOfficer, data: { track: 'people', mediator: { id: 'pm-1', name: '张调解', jurisdiction: STREET } } },
      { command: 'record-session', at: at(day + 1, 15), actor: mediator, data: { minutes: '双方陈述，调解员释法' } },
      { command: 'record-agreement', at: at(day + 1, 16), actor: mediator, data: { form: 'oral', terms: ['李强赔偿王芳维修费2000元'], reachedOn: at(day + 1, 16).slice(0, 10) } },
    ],
  }
}

/** Line `n` (1-based) of a sample file: mostly complaints, every fifth a dispute. */
export const sampleLine = (n: number): Record<string, unknown> => (n % 5 === 0 ? disputeLine(n) : complaintLine(n))

/** How many steps (commands) a sample line holds. */
export const stepsOf = (line: Record<string, unknown>): number => (line.steps as unknown[]).length
