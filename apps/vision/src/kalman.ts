/**
 * A constant-velocity Kalman filter for one coordinate: state (position,
 * velocity), covariance P, white-acceleration process noise. A box is four
 * independent filters (centre x, centre y, width, height) — with diagonal
 * noise the coupled 8-state SORT filter factors exactly into these.
 */
export class Kalman1D {
  x: number;
  v = 0;
  private p00: number;
  private p01 = 0;
  private p11: number;

  constructor(
    x0: number,
    private readonly q: number,
    private readonly r: number,
    initialVelocityVar = 1,
  ) {
    this.x = x0;
    this.p00 = r;
    this.p11 = initialVelocityVar;
  }

  predict(dt: number): void {
    this.x += this.v * dt;
    // P = F P F' + Q with F = [[1, dt], [0, 1]], Q from a white acceleration of intensity q.
    const p00 = this.p00 + dt * (2 * this.p01 + dt * this.p11) + (this.q * dt ** 4) / 4;
    const p01 = this.p01 + dt * this.p11 + (this.q * dt ** 3) / 2;
    const p11 = this.p11 + this.q * dt * dt;
    this.p00 = p00;
    this.p01 = p01;
    this.p11 = p11;
  }

  update(z: number): void {
    const s = this.p00 + this.r;
    const k0 = this.p00 / s;
    const k1 = this.p01 / s;
    const y = z - this.x;
    this.x += k0 * y;
    this.v += k1 * y;
    const p00 = (1 - k0) * this.p00;
    const p01 = (1 - k0) * this.p01;
    const p11 = this.p11 - k1 * this.p01;
    this.p00 = p00;
    this.p01 = p01;
    this.p11 = p11;
  }
}
