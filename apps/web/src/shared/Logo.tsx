/** The platform's mark: a shield with the maple leaf of Fengqiao (枫桥, "maple bridge"). */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="#1f4e9c" />
      <path d="M32 10 50 17v14c0 11-7.6 19.6-18 23-10.4-3.4-18-12-18-23V17z" fill="#fff" />
      <path d="M32 17 44 21.6V31c0 7.4-5 13.2-12 15.7C25 44.2 20 38.4 20 31v-9.4z" fill="#c8102e" />
      <path d="M24 36c4-2 6-6 8-12 2 6 4 10 8 12-3 .2-5.8-1-8-3-2.2 2-5 3.2-8 3z" fill="#ffd34d" />
    </svg>
  );
}
