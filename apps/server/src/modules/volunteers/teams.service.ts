import { randomBytes } from 'node:crypto';
import type { TeamDetail, TeamSummary } from '@fengqiao/contracts';
import { toWgs84 } from '@fengqiao/domain';
import { badRequest, conflict, fieldError, notFound } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/platform';
import type { PlaceInfo, VolunteersDeps } from './deps';
import type { VolunteerLive } from './notify';
import { checkpointsOf, insertCheckpoints, insertRoute, listRoutes, releaseFutureDuties } from './patrols.repository';
import { getProfile } from './roster.repository';
import {
  addMember,
  getTeam,
  insertTeam,
  isMember,
  listMembers,
  listShops,
  listTeams,
  removeMember,
  replaceShops,
  type TeamKind,
  type TeamRow,
  type TeamSettings,
  updateTeam,
} from './teams.repository';
import { type Ref, routeView, teamSummary } from './views';
import { gridsOf, type Reach, reachesGrid, reachOf } from './volunteers.policy';

/** A merchants' joint-defence group is ten households (十户联防). */
export const GROUP_HOUSEHOLDS = 10;
const DEFAULT_NIGHT = { from: '21:00', to: '23:30' };

export const qrToken = () => randomBytes(12).toString('base64url');

/**
 * Teams: community patrol teams, merchants' ten-household joint-defence
 * groups (a business district, the households' shops, a leader, a night
 * rota) and school guard posts (a school, its gate, the duty windows of a
 * school day). A volunteer may belong to several teams.
 */
export class TeamsService {
  constructor(
    private readonly p: Platform,
    private readonly deps: VolunteersDeps,
    private readonly live: VolunteerLive,
  ) {}

  async reachable(reach: Reach, teamId: string): Promise<TeamRow> {
    const t = await getTeam(this.p.db, teamId);
    if (!t || t.station_id !== reach.stationId || !reachesGrid(reach, t.grid_id)) throw notFound('team');
    return t;
  }

  private async refs(ids: (string | null)[]): Promise<Map<string, Ref>> {
    return this.deps.personnel.refs(ids.flatMap((x) => (x ? [x] : [])));
  }

  /** Schools and business districts: the places teams stand for. */
  async placeMap(ctx: Ctx): Promise<Map<string, PlaceInfo>> {
    const [schools, districts] = await Promise.all([
      this.deps.places(ctx, 'school'),
      this.deps.places(ctx, 'business_district'),
    ]);
    return new Map([...schools, ...districts].map((p) => [p.id, p]));
  }

  async summaries(ctx: Ctx, rows: TeamRow[]): Promise<TeamSummary[]> {
    const [refs, places] = await Promise.all([this.refs(rows.map((t) => t.leader_person_id)), this.placeMap(ctx)]);
    return rows.map((t) =>
      teamSummary(
        t,
        t.leader_person_id ? (refs.get(t.leader_person_id) ?? null) : null,
        t.place_id ? (places.get(t.place_id) ?? null) : null,
      ),
    );
  }

  async list(ctx: Ctx, q: { kind?: string | undefined; gridId?: string | undefined }): Promise<TeamSummary[]> {
    const reach = reachOf(ctx.actor);
    const rows = await listTeams(this.p.db, {
      stationId: reach.stationId,
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.gridId ? { gridId: q.gridId } : {}),
      withinGrids: gridsOf(reach),
    });
    return this.summaries(ctx, rows);
  }

  /** A team with its members, shops and routes; QR tokens only for patrol managers. */
  async view(ctx: Ctx, t: TeamRow): Promise<TeamDetail> {
    const [members, shops, routes, summary] = await Promise.all([
      listMembers(this.p.db, t.id),
      listShops(this.p.db, t.id),
      listRoutes(this.p.db, { stationId: t.station_id, teamIds: [t.id] }),
      this.summaries(ctx, [t]),
    ]);
    const cps = await checkpointsOf(
      this.p.db,
      routes.map((r) => r.id),
    );
    const showQr = ctx.actor.permissions.has('patrols.manage');
    const s = summary[0];
    if (!s) throw notFound('team');
    return {
      ...s,
      members: members.map((m) => ({
        id: m.person_id,
        name: m.name,
        badgeNo: m.badge_no,
        phone: m.phone_masked,
        status: m.status as TeamDetail['members'][number]['status'],
        joinedAt: m.joined_at.toISOString(),
        leader: m.person_id === t.leader_person_id,
      })),
      shops: shops.map((x) => ({
        id: x.id,
        seq: x.seq,
        name: x.name,
        ownerName: x.owner_name,
        ownerPersonId: x.owner_person_id,
        address: x.address,
        point: x.lng !== null && x.lat !== null ? ([x.lng, x.lat] as [number, number]) : null,
      })),
      settings: t.settings,
      routes: routes.map((r) => routeView(r, cps, showQr)),
      version: t.version,
    };
  }

  async detail(ctx: Ctx, id: string): Promise<TeamDetail> {
    const t = await this.reachable(reachOf(ctx.actor), id);
    return this.view(ctx, t);
  }

  private async approvedVolunteer(stationId: string, personId: string, path: string): Promise<void> {
    const prof = await getProfile(this.p.db, personId);
    if (!prof || prof.station_id !== stationId) throw fieldError(path, 'unknown_volunteer', 'no such volunteer');
    if (prof.status !== 'approved')
      throw fieldError(
        path,
        'volunteer_not_active',
        `only approved volunteers join teams (this one is ${prof.status})`,
      );
  }

  async create(
    ctx: Ctx,
    b: {
      kind: TeamKind;
      name: string;
      gridId?: string | undefined;
      placeId?: string | undefined;
      leaderPersonId?: string | undefined;
      post?:
        | {
            gateName: string;
            lng: number;
            lat: number;
            crs: 'WGS84' | 'GCJ02' | 'BD09';
            radiusM: number;
            windows: { from: string; to: string }[];
          }
        | undefined;
      nightWindow?: { from: string; to: string } | undefined;
    },
  ): Promise<TeamDetail> {
    const reach = reachOf(ctx.actor);
    let gridId = b.gridId ?? null;
    let place: PlaceInfo | null = null;
    if (b.kind !== 'patrol') {
      if (!b.placeId)
        throw fieldError('body.placeId', 'required', 'a merchant group needs its business district, a post its school');
      place = (await this.placeMap(ctx)).get(b.placeId) ?? null;
      const want = b.kind === 'merchant_group' ? 'business_district' : 'school';
      if (!place) throw fieldError('body.placeId', 'unknown_place', 'no such place');
      if (place.kind !== want) throw fieldError('body.placeId', `not_a_${want}`, `the place must be a ${want}`);
      gridId = place.gridId;
    }
    if (b.kind === 'school_post' && !b.post)
      throw fieldError('body.post', 'required', 'a school post needs its gate and windows');
    if (gridId) {
      const grids = await this.deps.grids(reach.stationId);
      if (!grids.some((g) => g.id === gridId)) throw fieldError('body.gridId', 'unknown_grid', 'no such grid');
    }
    if (!reachesGrid(reach, gridId))
      throw fieldError('body.gridId', 'outside_jurisdiction', 'the team must be in one of your grids');
    if (b.leaderPersonId) await this.approvedVolunteer(reach.stationId, b.leaderPersonId, 'body.leaderPersonId');
    const settings: TeamSettings =
      b.kind === 'school_post'
        ? { gateName: b.post?.gateName ?? '校门', windows: b.post?.windows ?? [] }
        : b.kind === 'merchant_group'
          ? { nightWindow: b.nightWindow ?? DEFAULT_NIGHT }
          : {};
    const id = await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const teamId = await insertTeam(tx, {
        stationId: reach.stationId,
        kind: b.kind,
        name: b.name,
        gridId,
        placeId: place?.id ?? null,
        leaderPersonId: b.leaderPersonId ?? null,
        settings,
        now,
      });
      if (b.leaderPersonId) await addMember(tx, teamId, b.leaderPersonId, now);
      if (b.kind === 'school_post' && b.post) {
        // The post is a route of one checkpoint: the gate, with a QR code posted there.
        const [lng, lat] = toWgs84([b.post.lng, b.post.lat], b.post.crs);
        const routeId = await insertRoute(tx, {
          stationId: reach.stationId,
          teamId,
          gridId,
          name: `${b.name}（${b.post.gateName}）`,
          path: [],
          corridorM: 100,
          now,
        });
        await insertCheckpoints(tx, routeId, [
          { name: b.post.gateName, lng, lat, radiusM: b.post.radiusM, qrToken: qrToken(), placeId: place?.id ?? null },
        ]);
      }
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer_team.create',
          resourceType: 'volunteer_team',
          resourceId: teamId,
          details: { kind: b.kind, gridId, placeId: place?.id ?? null },
        },
        tx,
      );
      return teamId;
    });
    return this.detail(ctx, id);
  }

  async patch(
    ctx: Ctx,
    id: string,
    b: {
      name?: string | undefined;
      leaderPersonId?: string | null | undefined;
      active?: boolean | undefined;
      windows?: { from: string; to: string }[] | undefined;
      nightWindow?: { from: string; to: string } | undefined;
      version: number;
    },
  ): Promise<TeamDetail> {
    const reach = reachOf(ctx.actor);
    const t = await this.reachable(reach, id);
    if (b.leaderPersonId) await this.approvedVolunteer(reach.stationId, b.leaderPersonId, 'body.leaderPersonId');
    if (b.windows && t.kind !== 'school_post')
      throw fieldError('body.windows', 'not_a_school_post', 'only posts have windows');
    if (b.nightWindow && t.kind !== 'merchant_group')
      throw fieldError('body.nightWindow', 'not_a_merchant_group', 'only merchant groups have a night window');
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const cur = await getTeam(tx, id, true);
      if (!cur) throw notFound('team');
      if (cur.version !== b.version) throw conflict('the team was changed meanwhile; reload', 'stale');
      const settings: TeamSettings | undefined =
        b.windows || b.nightWindow
          ? {
              ...cur.settings,
              ...(b.windows ? { windows: b.windows } : {}),
              ...(b.nightWindow ? { nightWindow: b.nightWindow } : {}),
            }
          : undefined;
      await updateTeam(
        tx,
        id,
        {
          ...(b.name ? { name: b.name } : {}),
          ...(b.leaderPersonId !== undefined ? { leaderPersonId: b.leaderPersonId } : {}),
          ...(b.active !== undefined ? { active: b.active } : {}),
          ...(settings ? { settings } : {}),
        },
        now,
      );
      if (b.leaderPersonId) await addMember(tx, id, b.leaderPersonId, now);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer_team.update',
          resourceType: 'volunteer_team',
          resourceId: id,
          details: { fields: Object.keys(b).filter((k) => k !== 'version'), leaderPersonId: b.leaderPersonId },
        },
        tx,
      );
    });
    return this.detail(ctx, id);
  }

  async addMember(ctx: Ctx, id: string, b: { personId: string; leader: boolean }): Promise<TeamDetail> {
    const reach = reachOf(ctx.actor);
    const t = await this.reachable(reach, id);
    await this.approvedVolunteer(reach.stationId, b.personId, 'body.personId');
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const cur = await getTeam(tx, id, true);
      if (!cur) throw notFound('team');
      const already = await isMember(tx, id, b.personId);
      if (!already && cur.kind === 'merchant_group' && cur.member_count >= GROUP_HOUSEHOLDS)
        throw conflict(`a joint-defence group has at most ${GROUP_HOUSEHOLDS} households`, 'group_full');
      await addMember(tx, id, b.personId, now);
      if (b.leader) await updateTeam(tx, id, { leaderPersonId: b.personId }, now);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer_team.member_add',
          resourceType: 'volunteer_team',
          resourceId: id,
          details: { personId: b.personId, leader: b.leader },
        },
        tx,
      );
      if (!already)
        await this.live.notify(tx, {
          stationId: t.station_id,
          personId: b.personId,
          kind: 'team_joined',
          title: `您已加入「${t.name}」`,
          body: b.leader ? '并担任负责人' : '',
          refType: 'volunteer_team',
          refId: id,
        });
    });
    return this.detail(ctx, id);
  }

  /** Removes a member; their claimed future duties of the team are released, and a leader stops leading. */
  async removeMember(ctx: Ctx, id: string, personId: string): Promise<TeamDetail> {
    const reach = reachOf(ctx.actor);
    const t = await this.reachable(reach, id);
    await this.p.db.tx(async (tx) => {
      const now = this.p.clock.now();
      const removed = await removeMember(tx, id, personId, now);
      if (!removed) throw notFound('member');
      if (t.leader_person_id === personId) await updateTeam(tx, id, { leaderPersonId: null }, now);
      const released = await releaseFutureDuties(tx, personId, now, 'left the team', now, id);
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer_team.member_remove',
          resourceType: 'volunteer_team',
          resourceId: id,
          details: { personId, releasedDuties: released.length },
        },
        tx,
      );
    });
    return this.detail(ctx, id);
  }

  async setShops(
    ctx: Ctx,
    id: string,
    shops: {
      name: string;
      ownerName: string;
      ownerPersonId?: string | null | undefined;
      address: string;
      lng?: number | undefined;
      lat?: number | undefined;
    }[],
  ): Promise<TeamDetail> {
    const t = await this.reachable(reachOf(ctx.actor), id);
    if (t.kind !== 'merchant_group')
      throw fieldError('body.shops', 'not_a_merchant_group', 'only joint-defence groups have households');
    const members = new Set((await listMembers(this.p.db, id)).map((m) => m.person_id));
    const errors = shops.flatMap((s, i) =>
      s.ownerPersonId && !members.has(s.ownerPersonId)
        ? [{ path: `body.shops.${i}.ownerPersonId`, code: 'not_a_member', message: 'the owner must be a member' }]
        : [],
    );
    if (errors.length > 0) throw badRequest('invalid households', errors);
    await this.p.db.tx(async (tx) => {
      await replaceShops(
        tx,
        id,
        shops.map((s) => ({
          name: s.name,
          ownerName: s.ownerName,
          ownerPersonId: s.ownerPersonId ?? null,
          address: s.address,
          lng: s.lng ?? null,
          lat: s.lat ?? null,
        })),
      );
      await updateTeam(tx, id, {}, this.p.clock.now());
      await this.p.audit.record(
        ctx.audit,
        {
          action: 'volunteer_team.shops',
          resourceType: 'volunteer_team',
          resourceId: id,
          details: { households: shops.length },
        },
        tx,
      );
    });
    return this.detail(ctx, id);
  }
}
