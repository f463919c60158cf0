"""Page and Site: every note routed and rendered, lecture pages and generated pages added. Imports
everything before it: core … lectures."""
