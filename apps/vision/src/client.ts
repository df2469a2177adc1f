import type {
  ClaimResponse,
  EventAccepted,
  EventRequest,
  EvidenceAppended,
  EvidenceAppendRequest,
  HeartbeatResponse,
} from '@fengqiao/contracts';

/** The worker's side of the server protocol (/api/vision/*), bearer-token authenticated. */
export class ServerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    readonly workerId: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private async post<T>(path: string, body: unknown): Promise<T> {
    const res = await this.fetchImpl(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      throw new ServerError(res.status, `${path}: ${res.status} ${text.slice(0, 300)}`);
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  claim(max: number): Promise<ClaimResponse> {
    return this.post('/api/vision/claim', { workerId: this.workerId, max });
  }

  heartbeat(
    cameras: { id: string; status: 'online' | 'offline'; reason: string | null; version: string }[],
  ): Promise<HeartbeatResponse> {
    return this.post('/api/vision/heartbeat', { workerId: this.workerId, cameras });
  }

  release(cameraIds: string[]): Promise<void> {
    return this.post('/api/vision/release', { workerId: this.workerId, cameraIds });
  }

  snapshot(cameraId: string, jpeg: Buffer): Promise<void> {
    return this.post(`/api/vision/cameras/${cameraId}/snapshot`, {
      workerId: this.workerId,
      data: jpeg.toString('base64'),
    });
  }

  event(e: Omit<EventRequest, 'workerId'>): Promise<EventAccepted> {
    return this.post('/api/vision/events', { ...e, workerId: this.workerId });
  }

  /** Evidence that follows an accepted event (idempotent per event and role). */
  appendEvidence(eventId: string, a: Omit<EvidenceAppendRequest, 'workerId'>): Promise<EvidenceAppended> {
    return this.post(`/api/vision/events/${eventId}/evidence`, { ...a, workerId: this.workerId });
  }
}

export class ServerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  /** 4xx other than 408/429 will not get better by retrying. */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}
