export { publicCall as citizenCall } from '../../api/public-call';

export const trafficKeys = {
  citizen: ['traffic', 'citizen'] as const,
  myCases: ['traffic', 'my-cases'] as const,
  myCase: (id: string) => ['traffic', 'my-cases', id] as const,
  accidents: (status: string) => ['traffic', 'accidents', status] as const,
  accidentStats: ['traffic', 'accident-stats'] as const,
  violations: (q: string) => ['traffic', 'violations', q] as const,
  codes: ['traffic', 'codes'] as const,
  nowcast: ['traffic', 'nowcast'] as const,
  fogStations: ['traffic', 'fog-stations'] as const,
};
