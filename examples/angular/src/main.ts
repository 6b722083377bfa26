import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';
import { readExampleSettings } from './app/example-settings';
import { exposeTestingHooks } from './testing-hooks';

const settings = readExampleSettings(location.search, 'Zone' in globalThis);

bootstrapApplication(AppComponent, appConfig(settings))
  .then((appRef) => exposeTestingHooks(appRef, settings.changeDetection))
  .catch((error: unknown) => console.error(error));
