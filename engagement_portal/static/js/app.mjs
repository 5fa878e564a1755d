// Progressive enhancement only: every page works the same without this file.
import { initAll } from '../build/govuk-frontend.min.js'

initAll()
