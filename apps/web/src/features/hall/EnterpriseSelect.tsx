import type { HallEnterpriseView, HallOfficerOption } from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import type { z } from 'zod';
import { api } from '../../api/client';

type Enterprise = z.infer<typeof HallEnterpriseView>;
type Officer = z.infer<typeof HallOfficerOption>;

/** Enterprises searched by name on the server (community officers see only their grids'). */
export function EnterpriseSelect(props: {
  value?: string | string[];
  onChange?: (v: string | string[]) => void;
  multiple?: boolean;
}) {
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['hall', 'enterprises', q],
    queryFn: () => api.get<Enterprise[]>('/api/hall/enterprises', { q: q || undefined }),
  });
  return (
    <Select
      style={{ width: '100%' }}
      showSearch
      filterOption={false}
      onSearch={setQ}
      loading={list.isFetching}
      mode={props.multiple ? 'multiple' : undefined}
      value={props.value}
      onChange={props.onChange}
      options={(list.data ?? []).map((e) => ({
        value: e.id,
        label: `${e.name}${e.industry ? ` · ${e.industry}` : ''}`,
      }))}
    />
  );
}

/** Officers and auxiliaries who go out (home visits, enterprise visits). */
export function useOfficers() {
  return useQuery({
    queryKey: ['hall', 'officers'],
    queryFn: () => api.get<Officer[]>('/api/hall/home-visits/officers'),
    staleTime: 300_000,
  });
}

export function OfficerSelect(props: {
  value?: string | string[];
  onChange?: (v: string | string[]) => void;
  multiple?: boolean;
}) {
  const officers = useOfficers();
  return (
    <Select
      style={{ width: '100%' }}
      showSearch
      optionFilterProp="label"
      mode={props.multiple ? 'multiple' : undefined}
      value={props.value}
      onChange={props.onChange}
      loading={officers.isPending}
      options={(officers.data ?? []).map((o) => ({
        value: o.id,
        label: [o.name, o.title, o.team].filter(Boolean).join(' · '),
      }))}
    />
  );
}
