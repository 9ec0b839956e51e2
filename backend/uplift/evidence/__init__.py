"""Evidence files: uploaded once, named as evidence by progress reports, downloaded with
the permissions of the reports that name them."""
