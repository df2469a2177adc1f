/** Chromium flags for headless runs; WebGL goes through SwiftShader so MapLibre can render without a GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  // WebGL without a GPU: ANGLE on SwiftShader, the software rasteriser, so MapLibre renders.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--lang=zh-CN',
];
