// Progressive enhancement only: every page works the same without this file.
import { initAll } from '../build/govuk-frontend.min.js'
import { initListen } from './listen.mjs'

initAll()
initListen()
