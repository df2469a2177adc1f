import type { Role } from '@fengqiao/domain';

/** [lng, lat] in WGS-84. */
export type Position = [number, number];

/** GeoJSON-shaped polygon: closed rings, outer ring counter-clockwise, no holes in the demo town. */
export interface DemoPolygon {
  type: 'Polygon';
  coordinates: Position[][];
}

export type Team = 'leadership' | 'command_room' | 'community' | 'case' | 'patrol';
export type PersonKind = 'officer' | 'auxiliary' | 'volunteer' | 'grid_worker' | 'mediator';
export type MediatorKind =
  | 'government'
  | 'judge'
  | 'lawyer'
  | 'village_cadre'
  | 'volunteer'
  | 'chamber_of_commerce'
  | 'trade_association';
export type GridKind = 'urban' | 'suburban' | 'rural' | 'industrial';
export type PlaceKind =
  | 'village'
  | 'street'
  | 'school'
  | 'business_district'
  | 'enterprise'
  | 'community_police_office'
  | 'mediation_centre'
  | 'service_hall';

export interface DemoStation {
  code: string;
  name: string;
  nameEn: string;
  /** GB/T 2260 county code of the station's jurisdiction: '131081'. */
  regionCode: string;
  center: Position;
  address: string;
}

export interface DemoGrid {
  /** 'G01'..'G39'. */
  code: string;
  /** Chinese, e.g. '胜利街第一网格'. */
  name: string;
  kind: GridKind;
  geometry: DemoPolygon;
  communityKeys: string[];
  /** The community officer's person key. */
  officerKey: string;
  /** Planar area in km², for display and workload ratios. */
  areaKm2?: number;
}

export interface DemoUnitMember {
  personKey: string;
  role: 'auxiliary' | 'volunteer' | 'grid_worker';
}

export interface DemoUnit {
  /** 'U01'..'U63'. */
  code: string;
  name: string;
  gridCode: string;
  /** Always an officer: the "1" of "1+N". */
  leaderKey: string;
  members: DemoUnitMember[];
}

export interface DemoPerson {
  /** 'P0001'. */
  key: string;
  kind: PersonKind;
  name: string;
  gender: 'M' | 'F';
  /** ISO date. */
  birthDate: string;
  /** Valid GB 11643 number, region 131081 or a neighbouring county. */
  idNumber: string;
  /** Valid mainland mobile number. */
  phone: string;
  team?: Team;
  /** Chinese job title, e.g. '所长', '社区民警', '辅警'. */
  title?: string;
  /** Officers: 6 digits; auxiliaries: 'F' + 5 digits. */
  badgeNo?: string;
  gridCodes: string[];
  mediatorKind?: MediatorKind;
  mediatorSpecialties?: string[];
  username?: string;
  roles?: Role[];
  homeCommunityKey?: string;
  skills?: string[];
  /** Community officers also serve as deputy party secretary of a village (兼任村党支部副书记). */
  concurrentPost?: string;
  /** Volunteers and volunteer mediators: what they do for a living. */
  occupation?: string;
}

export interface DemoPlace {
  key: string;
  kind: PlaceKind;
  name: string;
  gridCode: string | null;
  point: Position;
  polygon?: DemoPolygon;
  attributes: Record<string, string | number | boolean | null>;
}

export interface DemoRoad {
  key: string;
  name: string;
  kind: 'expressway' | 'national' | 'main' | 'local';
  line: Position[];
  /** Route number such as 'S57' or 'G335', when the road has one. */
  routeCode?: string;
  lanesPerDirection?: number;
  speedLimitKmh?: number;
  /** Expressways have a hard shoulder that camera rules watch (no stopping in the emergency lane). */
  hasEmergencyLane?: boolean;
}

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  personKey?: string;
  /** Base32; set for every account whose roles require TOTP. */
  totpSecret?: string;
  /** A county account: it belongs to the county, not to the station. */
  county?: boolean;
}

export interface DemoCounty {
  code: string;
  name: string;
  nameEn: string;
  regionCode: string;
}

export interface DemoTown {
  seed: number;
  /** The county public security bureau above the station. */
  county: DemoCounty;
  station: DemoStation;
  boundary: DemoPolygon;
  /** Places of kind 'village' or 'street'. */
  communities: DemoPlace[];
  grids: DemoGrid[];
  units: DemoUnit[];
  people: DemoPerson[];
  /** Everything except communities. */
  places: DemoPlace[];
  roads: DemoRoad[];
  /** Every login: one per person with a username, plus the three administrators. */
  accounts: DemoAccount[];
}
