import type {
  CameraDetail,
  CameraEventView,
  CameraHealth,
  CameraInput,
  CameraSummary,
  EventEvidence,
  EvidenceExportRequest,
  Rule,
  RuleInput,
  RuleQuality,
  ShapeInput,
  TemplateView,
} from '@fengqiao/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import { ApiRequestError } from '../../api/errors';
import type { Page } from '../../api/queries';

export const cameraKeys = {
  all: ['cameras'] as const,
  list: ['cameras', 'list'] as const,
  detail: (id: string) => ['cameras', 'detail', id] as const,
  templates: ['cameras', 'templates'] as const,
  events: (q: Record<string, unknown>) => ['cameras', 'events', q] as const,
  quality: ['cameras', 'quality'] as const,
  health: ['cameras', 'health'] as const,
};

/** Offline cameras for the command board; kept fresh by the `cameras.status` live topic. */
export const useCameraHealth = (enabled = true) =>
  useQuery({
    queryKey: cameraKeys.health,
    queryFn: () => api.get<CameraHealth>('/api/cameras/health'),
    enabled,
    // Between pushes (a reconnect may miss one) a minute is fresh enough.
    refetchInterval: 60_000,
  });

/** Downloads a blurred export (.zip); errors come back as the server's error body. */
export async function downloadExport(body: EvidenceExportRequest): Promise<{ name: string; count: number }> {
  const res = await fetch('/api/camera-events/export', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/zip, application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const data = (await res.json().catch(() => ({}))) as { error?: string; message?: string; fields?: [] };
    throw new ApiRequestError(res.status, data.error ?? 'unknown', data.message ?? res.statusText, data.fields ?? []);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'camera-evidence.zip';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(a.href);
  return { name, count: Number(res.headers.get('x-export-count') ?? 0) };
}

export const useCameras = () =>
  useQuery({ queryKey: cameraKeys.list, queryFn: () => api.get<CameraSummary[]>('/api/cameras') });
export const useCamera = (id: string) =>
  useQuery({ queryKey: cameraKeys.detail(id), queryFn: () => api.get<CameraDetail>(`/api/cameras/${id}`) });
export const useTemplates = () =>
  useQuery({
    queryKey: cameraKeys.templates,
    queryFn: () => api.get<TemplateView[]>('/api/cameras/templates'),
    staleTime: Infinity,
  });
export const useRuleQuality = () =>
  useQuery({ queryKey: cameraKeys.quality, queryFn: () => api.get<RuleQuality[]>('/api/cameras/rule-quality') });
export function useCameraEvents(q: {
  cameraId?: string;
  review?: string;
  violationsOnly?: boolean;
  reviewedHere?: boolean;
  page?: number;
}) {
  return useQuery({
    queryKey: cameraKeys.events(q),
    queryFn: () => api.get<Page<CameraEventView>>('/api/camera-events', { ...q, pageSize: 50 }),
  });
}

/** Evidence is fetched only once a purpose is given (the server audits it with every view). */
export function useEvidence(id: string, purpose: string | null) {
  return useQuery({
    queryKey: ['cameras', 'evidence', id, purpose],
    queryFn: () => api.get<EventEvidence>(`/api/camera-events/${id}/evidence`, { purpose: purpose ?? '' }),
    enabled: purpose !== null,
    staleTime: Infinity,
  });
}

export function useSaveCamera() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id?: string; version?: number; body: CameraInput }) =>
      v.id
        ? api.put<CameraDetail>(`/api/cameras/${v.id}`, { ...v.body, version: v.version })
        : api.post<CameraDetail>('/api/cameras', v.body),
    onSuccess: () => qc.invalidateQueries({ queryKey: cameraKeys.all }),
  });
}

export function useSaveShapes(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (shapes: (ShapeInput & { id?: string })[]) =>
      api.put<CameraDetail>(`/api/cameras/${id}/shapes`, { shapes }),
    onSuccess: (d) => qc.setQueryData(cameraKeys.detail(id), d),
  });
}

export function useSaveRule(cameraId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RuleInput) => api.post<Rule>(`/api/cameras/${cameraId}/rules`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: cameraKeys.all }),
  });
}

export function useDisableRule(cameraId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) => request<void>(`/api/cameras/${cameraId}/rules/${ruleId}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: cameraKeys.all }),
  });
}

export function useUploadSnapshot(cameraId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('snapshot', file);
      return request<void>(`/api/cameras/${cameraId}/snapshot`, { method: 'PUT', form });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: cameraKeys.all }),
  });
}

export function useReview() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; decision: 'confirmed' | 'rejected'; reason: string }) =>
      api.post<CameraEventView>(`/api/camera-events/${v.id}/review`, { decision: v.decision, reason: v.reason }),
    onSuccess: () => qc.invalidateQueries({ queryKey: cameraKeys.all }),
  });
}
