import { bootstrapApplication, createApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { renderCheckedOnce } from './app/docs/check-like-ng-test';
import { DocsPageComponent } from './app/docs/docs-page.component';
import { appConfig } from './app/app.config';
import { readExampleSettings } from './app/example-settings';
import { exposeTestingHooks } from './testing-hooks';

const settings = readExampleSettings(location.search, 'Zone' in globalThis);

const started =
  settings.view === 'docs'
    ? // The recipes of docs/angular.md, first checked as a component test checks them.
      createApplication(appConfig(settings)).then((appRef) => {
        renderCheckedOnce(appRef, DocsPageComponent, document.querySelector('app-root') as Element);
        return appRef;
      })
    : bootstrapApplication(AppComponent, appConfig(settings));

started.then((appRef) => exposeTestingHooks(appRef, settings.changeDetection)).catch((error: unknown) => console.error(error));
