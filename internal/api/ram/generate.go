// Package ram serves AWS Resource Access Manager (rest-json): resource
// shares, their principals and resources, invitations and permissions.
package ram

//go:generate go run ../../../tools/awsgen -service ram -ops operations.txt -out shapes_gen.go -pkg ram
