import type { Actor } from '@gridcase/core/access'
import { actors, COMMUNITY_A, postAs, type TestServer } from './server.js'

/**
 * Reports a neighbours' dispute (楼上漏水) between two residents with accounts — 孙伟 (applicant, residentA) and 钱进
 * (respondent, residentB) — as `by`, with their phones if asked: its path, `/api/v1/disputes/<id>`.
 */
export const reportNeighbours = async (s: TestServer, by: Actor, options: { readonly phones?: boolean } = {}): Promise<string> => {
  const phone = (n: string) => (options.phones === true ? { phone: `1390047100${n}` } : {})
  const reported = await postAs(s, by, '/api/v1/disputes', {
    source: 'party-application',
    category: 'neighbour',
    jurisdiction: `${COMMUNITY_A}/grid-001`,
    summary: '楼上漏水致楼下受损',
    parties: [
      { side: 'applicant', name: '孙伟', ...phone('1'), residentId: actors.residentA.id },
      { side: 'respondent', name: '钱进', ...phone('2'), residentId: actors.residentB.id },
    ],
  })
  return `/api/v1/disputes/${String(reported['id'])}`
}
