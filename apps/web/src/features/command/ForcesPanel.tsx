import type { BoardView } from '@fengqiao/contracts';
import { Input, Segmented } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

type State = BoardView['units'][number]['state'];
const STATES: readonly State[] = ['available', 'assigned', 'on_scene'];

type View = 'units' | 'officers' | 'auxiliaries';

/** Units', officers' and auxiliaries' states from the board: who is free, who has orders, who is on scene. */
export function ForcesPanel({ board }: { board: BoardView }) {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('units');
  const [filter, setFilter] = useState<State | 'all'>('all');
  const [q, setQ] = useState('');
  const rows = useMemo(() => {
    const list =
      view === 'units'
        ? board.units.map((u) => ({
            id: u.id,
            title: `${u.code} ${u.name}`,
            sub: u.gridCode,
            state: u.state,
            open: u.openOrders,
          }))
        : board[view].map((o) => ({
            id: o.personId,
            title: o.name,
            sub: o.team ? t(`team.${o.team}`, { defaultValue: o.team }) : '',
            state: o.state,
            open: o.openOrders,
          }));
    const needle = q.trim().toLowerCase();
    return list
      .filter((r) => filter === 'all' || r.state === filter)
      .filter((r) => !needle || `${r.title} ${r.sub}`.toLowerCase().includes(needle))
      .sort((a, b) => STATES.indexOf(b.state) - STATES.indexOf(a.state) || a.title.localeCompare(b.title));
  }, [board, view, filter, q, t]);
  const source = board[view];
  const count = (s: State) => source.filter((x) => x.state === s).length;

  return (
    <div className="fq-forces" data-testid="forces-panel">
      <div className="fq-forces-head">
        <Segmented
          size="small"
          value={view}
          onChange={(v) => setView(v as View)}
          options={[
            { value: 'units', label: t('board.units', { count: board.units.length }) },
            { value: 'officers', label: t('board.officers', { count: board.officers.length }) },
            {
              value: 'auxiliaries',
              label: (
                <span data-testid="forces-auxiliaries">
                  {t('commandRoom.forces.auxiliaries', { count: board.auxiliaries.length })}
                </span>
              ),
            },
          ]}
        />
        <Input.Search
          size="small"
          allowClear
          placeholder={t('board.forceSearch')}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <div className="fq-forces-states">
        <button
          type="button"
          className={filter === 'all' ? 'fq-state-chip fq-state-chip-on' : 'fq-state-chip'}
          onClick={() => setFilter('all')}
        >
          {t('app.all')} {source.length}
        </button>
        {STATES.map((s) => (
          <button
            key={s}
            type="button"
            className={filter === s ? 'fq-state-chip fq-state-chip-on' : 'fq-state-chip'}
            onClick={() => setFilter(s)}
            data-testid={`force-state-${s}`}
          >
            <span className={`fq-state-dot fq-state-${s}`} />
            {t(`board.state.${s}`)} {count(s)}
          </button>
        ))}
      </div>
      <div className="fq-forces-list">
        {rows.map((r) => (
          <div key={r.id} className="fq-force-row" data-testid="force-row" data-state={r.state}>
            <span className={`fq-state-dot fq-state-${r.state}`} title={t(`board.state.${r.state}`)} />
            <span className="fq-force-title">{r.title}</span>
            <span className="fq-muted fq-force-sub">{r.sub}</span>
            {r.open > 0 ? <span className="fq-force-open">{t('board.openOrders', { count: r.open })}</span> : null}
          </div>
        ))}
      </div>
    </div>
  );
}
