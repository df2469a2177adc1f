/**
 * The hall display's voice: "请 A012 号到 3 号窗口" through the browser's
 * speech synthesis with a Chinese voice where one is installed. Pure text
 * building is separate so it can be tested without a browser.
 */

export function callText(number: string, window: number, language: string): string {
  return language === 'en-US'
    ? `Number ${number.split('').join(' ')}, please go to window ${window}`
    : `请 ${number} 号到 ${window} 号窗口`;
}

export function speechAvailable(): boolean {
  return (
    typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined'
  );
}

/** Speaks a call twice (people look up at the first); no-op without speech synthesis. */
export function speak(text: string, language: string): void {
  if (!speechAvailable()) return;
  const lang = language === 'en-US' ? 'en-US' : 'zh-CN';
  const voice = window.speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').startsWith(lang.slice(0, 2)));
  for (let i = 0; i < 2; i++) {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang;
    u.rate = 0.9;
    if (voice) u.voice = voice;
    window.speechSynthesis.speak(u);
  }
}
