/** What this stand-in loads at run time, as office.js does; the test routes each (serves or blocks it). */
export const RUNTIME_LOADS = {
  hostScript: 'https://appsforoffice.microsoft.com/lib/1/hosted/excel-web-16.00.js',
  strings: 'https://officeapis.public.onecdn.static.microsoft/office/1/hosted/zh-cn/office_strings.js',
  ajax: 'https://ajax.aspnetcdn.com/ajax/3.5/MicrosoftAjax.js',
  telemetryScript: 'https://appsforoffice.microsoft.com/lib/1/hosted/telemetry/oteljs_agave.js',
  telemetryPost: 'https://browser.pipe.aria.microsoft.com/Collector/3.0/?qsp=true',
} as const;
